"""Demo content shipped with the project (the reference article and its neighbours)."""
