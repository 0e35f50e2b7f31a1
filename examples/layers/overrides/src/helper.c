void helper(void) {}
