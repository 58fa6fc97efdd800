// `import DataAPIMacros` is all a model file needs: the macros and the query builder.
@_exported import DataAPISQL
