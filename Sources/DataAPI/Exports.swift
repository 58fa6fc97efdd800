// `import DataAPI` is all an application needs: the query builder (models, columns,
// statements) and the client's wire types and errors come with it.
@_exported import DataAPIClient
@_exported import DataAPISQL
