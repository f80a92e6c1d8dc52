
mod clean;
