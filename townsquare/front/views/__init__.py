"""The HTML views, one module per audience or domain they serve (see ``townsquare.front``)."""
