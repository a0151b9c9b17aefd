#![allow(dead_code)]
pub mod lti;
