"""`make bench`: the speed figures the issues ask for, measured on a throwaway database."""
