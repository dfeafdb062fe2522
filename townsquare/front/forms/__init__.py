"""The HTML forms of the views in ``front.views``, one module per views module that uses them."""
