//! Matching a request's method and path against the operations' URI templates.

use super::{Facts, Operation};

/// The operation a request belongs to and the values of its path labels (percent-decoded).
#[derive(Debug)]
pub struct RouteMatch<'a> {
    pub name: &'a str,
    pub operation: &'a Operation,
    /// Label name (as in the template, e.g. `appId`) and its decoded value.
    pub labels: Vec<(String, String)>,
}

impl RouteMatch<'_> {
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

enum Segment<'t> {
    Literal(&'t str),
    Label(&'t str),
    /// `{name+}`: takes the rest of the path, slashes included.
    Greedy(&'t str),
}

fn template_segments(uri: &str) -> Vec<Segment<'_>> {
    let path = uri.split('?').next().unwrap_or(uri);
    path.trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(label) => match label.strip_suffix('+') {
                    Some(greedy) => Segment::Greedy(greedy),
                    None => Segment::Label(label),
                },
                None => Segment::Literal(s),
            },
        )
        .collect()
}

/// Decodes `%XX` escapes; invalid escapes are kept as they are. Invalid UTF-8 is replaced, which
/// only matters for ids that could never exist anyway.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Matches `raw_path` (as received, still percent-encoded) against one template.
fn match_template(uri: &str, raw_path: &str) -> Option<(usize, Vec<(String, String)>)> {
    let tpl = template_segments(uri);
    let parts: Vec<&str> = raw_path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut labels = Vec::new();
    let mut literals = 0;
    let mut i = 0;
    for (n, seg) in tpl.iter().enumerate() {
        match seg {
            Segment::Literal(lit) => {
                if parts.get(i) != Some(lit) {
                    return None;
                }
                literals += 1;
                i += 1;
            }
            Segment::Label(name) => {
                let part = parts.get(i)?;
                labels.push((name.to_string(), percent_decode(part)));
                i += 1;
            }
            Segment::Greedy(name) => {
                // A greedy label is last in every model template; keep it simple and say so.
                if n + 1 != tpl.len() || i >= parts.len() {
                    return None;
                }
                let rest: Vec<String> = parts[i..].iter().map(|p| percent_decode(p)).collect();
                labels.push((name.to_string(), rest.join("/")));
                i = parts.len();
            }
        }
    }
    (i == parts.len()).then_some((literals, labels))
}

impl Facts {
    /// The operation whose method and URI template match. When several templates match (a label
    /// where another has a literal), the one with more literal segments wins, as in the services.
    pub fn match_route(&self, method: &str, raw_path: &str) -> Option<RouteMatch<'_>> {
        let mut best: Option<(usize, RouteMatch<'_>)> = None;
        for (name, op) in &self.operations {
            if !op.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if let Some((score, labels)) = match_template(&op.uri, raw_path)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((
                    score,
                    RouteMatch {
                        name,
                        operation: op,
                        labels,
                    },
                ));
            }
        }
        best.map(|(_, m)| m)
    }

    /// Whether any operation's template matches the path with some other method.
    pub fn path_known(&self, raw_path: &str) -> bool {
        self.operations
            .values()
            .any(|op| match_template(&op.uri, raw_path).is_some())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{amplify, amplifybackend};

    #[test]
    fn auth_routes_resolve_to_the_right_operations() {
        let f = amplifybackend();
        let m = f
            .match_route("POST", "/backend/d123/auth/dev/details")
            .unwrap();
        assert_eq!(m.name, "GetBackendAuth");
        assert_eq!(m.label("appId"), Some("d123"));
        assert_eq!(m.label("backendEnvironmentName"), Some("dev"));
        assert_eq!(
            f.match_route("POST", "/backend/d123/auth/dev")
                .unwrap()
                .name,
            "UpdateBackendAuth"
        );
        assert_eq!(
            f.match_route("POST", "/backend/d123/auth").unwrap().name,
            "CreateBackendAuth"
        );
        assert_eq!(
            f.match_route("GET", "/backend/d1/job/dev/j1").unwrap().name,
            "GetBackendJob"
        );
        assert_eq!(
            f.match_route("POST", "/backend/d1/job/dev/j1")
                .unwrap()
                .name,
            "UpdateBackendJob"
        );
        assert_eq!(
            f.match_route("POST", "/backend/d1/details").unwrap().name,
            "GetBackend"
        );
        assert_eq!(
            f.match_route("POST", "/backend").unwrap().name,
            "CreateBackend"
        );
        assert!(
            f.match_route("POST", "/backend/d1/auth/dev/details/x")
                .is_none()
        );
        assert!(f.match_route("DELETE", "/backend/d1/auth/dev").is_none());
        assert!(f.path_known("/backend/d1/auth/dev"));
    }

    #[test]
    fn literal_beats_label_when_both_match() {
        // `/backend/{appId}/config/remove` must not be read as something with a label there.
        let f = amplifybackend();
        assert_eq!(
            f.match_route("POST", "/backend/d1/config/remove")
                .unwrap()
                .name,
            "RemoveBackendConfig"
        );
    }

    #[test]
    fn labels_are_percent_decoded() {
        let m = amplifybackend()
            .match_route("POST", "/backend/d1/auth/my%20env/details")
            .unwrap();
        assert_eq!(m.label("backendEnvironmentName"), Some("my env"));
        let m = amplify()
            .match_route("GET", "/apps/d1/backendenvironments")
            .unwrap();
        assert_eq!(m.name, "ListBackendEnvironments");
        assert_eq!(
            amplify().match_route("GET", "/apps").unwrap().name,
            "ListApps"
        );
    }

    #[test]
    fn every_operation_matches_its_own_template() {
        for f in [amplifybackend(), amplify()] {
            for (name, op) in &f.operations {
                let path = op.uri.replace('{', "x").replace('}', "");
                let m = f.match_route(&op.method, &path).unwrap();
                assert_eq!(m.name, name.as_str(), "{path}");
            }
        }
    }
}
