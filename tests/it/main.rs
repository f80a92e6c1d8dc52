
mod fetch;
