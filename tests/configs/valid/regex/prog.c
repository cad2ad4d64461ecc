int parse_12(void) { return 1; }
int parse_12x(void) { return 2; }
int xparse_1(void) { return 3; }
int get_y(void) { return 4; }
int set_x(void) { return 5; }
int get_xx(void) { return 6; }
