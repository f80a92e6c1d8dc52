mod sentences;
