"""The testing tools' own tests: pytester runs the plugin in fresh pytest sessions."""

pytest_plugins = ["pytester"]
