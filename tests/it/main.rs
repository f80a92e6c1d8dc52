mod clean;
