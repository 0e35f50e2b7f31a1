// Entry point of the `union` command.
return 0;
