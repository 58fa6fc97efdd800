extension Table {
    /// Every column of the model, rows decoding as the model:
    /// `User.select()` → `SELECT "users"."id", "users"."name", … FROM "users"`
    public static func select() -> Select<Self, Self> { modelSelect(alias: nil) }

    /// Every column, reading the table under `alias`: `User.select(as: "u")` → `SELECT "u"."id", … FROM "users" AS "u"`
    public static func select(as alias: String) -> Select<Self, Self> { modelSelect(alias: alias) }

    /// One column or expression, rows typed by it: `User.select(User.name)` is a `Select<User, String>`
    /// and renders `SELECT "users"."name" FROM "users"`.
    public static func select<Item: SQLSelectable>(_ item: Item) -> Select<Self, Item.Value> {
        Select(items: [item.selectItem], alias: nil)
    }

    /// Chosen columns or expressions, rows typed by them:
    /// `User.select(User.id, User.name.lower())` is a `Select<User, (Int64?, String)>`.
    public static func select<First: SQLSelectable, Second: SQLSelectable, each Rest: SQLSelectable>(
        _ first: First, _ second: Second, _ rest: repeat each Rest
    ) -> Select<Self, (First.Value, Second.Value, repeat (each Rest).Value)> {
        Select(items: selectItems(first, second, repeat each rest), alias: nil)
    }

    /// One item, reading the table under `alias`.
    public static func select<Item: SQLSelectable>(as alias: String, _ item: Item) -> Select<Self, Item.Value> {
        Select(items: [item.selectItem], alias: alias)
    }

    /// Chosen items, reading the table under `alias`.
    public static func select<First: SQLSelectable, Second: SQLSelectable, each Rest: SQLSelectable>(
        as alias: String, _ first: First, _ second: Second, _ rest: repeat each Rest
    ) -> Select<Self, (First.Value, Second.Value, repeat (each Rest).Value)> {
        Select(items: selectItems(first, second, repeat each rest), alias: alias)
    }

    private static func modelSelect(alias: String?) -> Select<Self, Self> {
        Select(items: columns.map { SQLSelectItem.column($0, of: alias ?? tableName) }, alias: alias)
    }

    private static func selectItems<First: SQLSelectable, Second: SQLSelectable, each Rest: SQLSelectable>(
        _ first: First, _ second: Second, _ rest: repeat each Rest
    ) -> [SQLSelectItem] {
        var items = [first.selectItem, second.selectItem]
        for item in repeat each rest { items.append(item.selectItem) }
        return items
    }
}
