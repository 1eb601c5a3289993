#!/usr/bin/env python3
# Issue 24: malformed HTTP sent raw to `amplify-auth serve`; prints each answer's status line,
# x-amzn-ErrorType, body and the time from the last byte sent to the close; then each case again
# after a well-formed request on the same kept-alive connection (pipelined in one send), printing
# every answer's status line and x-amzn-ErrorType in order; chunked bodies whose framing does not
# parse are sent that way only.
# Usage: python3 scripts/sandbox-malformed-http.py  (uses target/debug/amplify-auth)
import os
import socket, subprocess, sys, time, re, os
p = subprocess.Popen([os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "debug", "amplify-auth"),"serve","--state",":memory:"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
addr=None
for line in p.stdout:
    m = re.search(r"http://(127\.0\.0\.1:\d+)", line)
    if m: addr=m.group(1); break
host, port = addr.split(":")
cases = [("broken request line", b"GET /x HTTP/9.9 junk\r\nHost: a\r\n\r\n"),
 ("100 KB header", b"GET /x HTTP/1.1\r\nHost: a\r\nX-Big: "+b"a"*102400+b"\r\n\r\n"),
 ("20 KB URI", b"GET /"+b"a"*20480+b" HTTP/1.1\r\nHost: a\r\n\r\n"),
 ("bad Content-Length", b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12abc\r\n\r\n"),
 ("CL + TE", b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"),
 ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
 ("200 headers", b"GET /x HTTP/1.1\r\n"+b"".join(b"X-%d: a\r\n"%i for i in range(200))+b"\r\n"),
]
for name, req in cases:
    s=socket.create_connection((host,int(port)))
    t=time.monotonic(); s.sendall(req); data=b""
    while True:
        d=s.recv(65536)
        if not d: break
        data+=d
    dt=time.monotonic()-t
    head=data.split(b"\r\n\r\n")[0].decode()
    et=[l for l in head.split("\r\n") if l.lower().startswith("x-amzn-errortype")]
    body=data.split(b"\r\n\r\n",1)[1].decode()[:90]
    print(f"{name}: {head.splitlines()[0]} | {et} | {body} | {dt*1000:.1f} ms")
    s.close()
good = b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n"
# Chunked bodies whose framing does not parse (RFC 9112 7.1): kept-alive cases only, since the
# head is well-formed.
chunked = b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
cases += [("chunk-size line not hex", chunked+b"zz\r\n{}\r\n0\r\n\r\n"),
 ("4 KiB chunk extension", chunked+b"2;x="+b"e"*4097+b"\r\n{}\r\n0\r\n\r\n"),
 ("chunk data without CRLF", chunked+b"2\r\n{}XY0\r\n\r\n"),
 ("8 KiB trailers", chunked+b"2\r\n{}\r\n0\r\nx-t: "+b"t"*8193+b"\r\n\r\n"),
]
for name, req in cases:
    s=socket.create_connection((host,int(port)))
    t=time.monotonic(); s.sendall(good+req); data=b""
    while True:
        d=s.recv(65536)
        if not d: break
        data+=d
    dt=time.monotonic()-t
    answers=[]
    while b"\r\n\r\n" in data:
        head, rest = data.split(b"\r\n\r\n",1)
        lines=head.decode().split("\r\n")
        n=int(next((l.split(":")[1] for l in lines if l.lower().startswith("content-length")), "0"))
        et=[l.split(":")[1].strip() for l in lines if l.lower().startswith("x-amzn-errortype")]
        answers.append(f"{lines[0]} {et}")
        data=rest[n:]
    print(f"after a good request, {name}: {' / '.join(answers)} | {dt*1000:.1f} ms")
    s.close()
p.terminate()
