//! The AWS layer: builds SDK clients and exposes the calls the app makes.
