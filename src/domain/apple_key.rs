//! The Sign in with Apple private key: parsed for real and normalised to what Cognito accepts.
