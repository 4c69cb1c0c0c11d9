"""Test support shared by every app's tests: list-behaviour mixins and xlsx builders."""
