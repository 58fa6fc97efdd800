// The macros' compiler plugin (and swift-syntax) are declared behind the package trait `Macros`.
#if !Macros
#error("DataAPIMacros needs the swift-data-api package trait \"Macros\": add it to the traits on your .package line")
#endif
