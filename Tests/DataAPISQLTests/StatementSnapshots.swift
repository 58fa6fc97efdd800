import DataAPISQL
import InlineSnapshotTesting
import Testing

/// What every construct of the builder renders in PostgreSQL, MySQL and the odd test dialect, with
/// the values it binds. Run with `SNAPSHOT_TESTING_RECORD=failed` to re-record after a deliberate change.
@Suite struct StatementSnapshots {
    @Test func selectAll() {
        assertInlineSnapshot(of: SnapshotCases.selectAll, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id", "sql_people"."name", "sql_people"."email", "sql_people"."age",
              "sql_people"."small", "sql_people"."score", "sql_people"."ratio", "sql_people"."balance",
              "sql_people"."active", "sql_people"."created_at", "sql_people"."birthday", "sql_people"."wake_up",
              "sql_people"."uuid", "sql_people"."avatar", "sql_people"."role", "sql_people"."level",
              "sql_people"."settings"
            FROM "sql_people"
            WHERE ("sql_people"."id" = :p1)
            -- :p1 = 1

            MySQL:
            SELECT `sql_people`.`id`, `sql_people`.`name`, `sql_people`.`email`, `sql_people`.`age`,
              `sql_people`.`small`, `sql_people`.`score`, `sql_people`.`ratio`, `sql_people`.`balance`,
              `sql_people`.`active`, `sql_people`.`created_at`, `sql_people`.`birthday`, `sql_people`.`wake_up`,
              `sql_people`.`uuid`, `sql_people`.`avatar`, `sql_people`.`role`, `sql_people`.`level`,
              `sql_people`.`settings`
            FROM `sql_people`
            WHERE (`sql_people`.`id` = :p1)
            -- :p1 = 1

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧, ⟦sql_people⟧.⟦name⟧, ⟦sql_people⟧.⟦email⟧, ⟦sql_people⟧.⟦age⟧,
              ⟦sql_people⟧.⟦small⟧, ⟦sql_people⟧.⟦score⟧, ⟦sql_people⟧.⟦ratio⟧, ⟦sql_people⟧.⟦balance⟧,
              ⟦sql_people⟧.⟦active⟧, ⟦sql_people⟧.⟦created_at⟧, ⟦sql_people⟧.⟦birthday⟧, ⟦sql_people⟧.⟦wake_up⟧,
              ⟦sql_people⟧.⟦uuid⟧, ⟦sql_people⟧.⟦avatar⟧, ⟦sql_people⟧.⟦role⟧, ⟦sql_people⟧.⟦level⟧,
              ⟦sql_people⟧.⟦settings⟧
            FROM ⟦sql_people⟧
            WHERE (⟦sql_people⟧.⟦id⟧ = &1)
            -- &1 = 1
            """
        }
    }

    @Test func selectColumns() {
        assertInlineSnapshot(of: SnapshotCases.selectColumns, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id", "sql_people"."name"
            FROM "sql_people"

            MySQL:
            SELECT `sql_people`.`id`, `sql_people`.`name`
            FROM `sql_people`

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧, ⟦sql_people⟧.⟦name⟧
            FROM ⟦sql_people⟧
            """
        }
    }

    @Test func comparisons() {
        assertInlineSnapshot(of: SnapshotCases.comparisons, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE (((((("sql_people"."age" > :p1) AND ("sql_people"."age" >= :p2))
              AND ("sql_people"."age" < :p3)) AND ("sql_people"."age" <= :p4)) AND ("sql_people"."name" <> :p5))
              AND ("sql_people"."id" = :p6))
            -- :p1 = 1, :p2 = 1, :p3 = 100, :p4 = 100, :p5 = 'x', :p6 = 1

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE ((((((`sql_people`.`age` > :p1) AND (`sql_people`.`age` >= :p2))
              AND (`sql_people`.`age` < :p3)) AND (`sql_people`.`age` <= :p4)) AND (`sql_people`.`name` <> :p5))
              AND (`sql_people`.`id` = :p6))
            -- :p1 = 1, :p2 = 1, :p3 = 100, :p4 = 100, :p5 = 'x', :p6 = 1

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE ((((((⟦sql_people⟧.⟦age⟧ > &1) AND (⟦sql_people⟧.⟦age⟧ >= &2)) AND (⟦sql_people⟧.⟦age⟧ < &3))
              AND (⟦sql_people⟧.⟦age⟧ <= &4)) AND (⟦sql_people⟧.⟦name⟧ <> &5)) AND (⟦sql_people⟧.⟦id⟧ = &6))
            -- &1 = 1, &2 = 1, &3 = 100, &4 = 100, &5 = 'x', &6 = 1
            """
        }
    }

    @Test func orNot() {
        assertInlineSnapshot(of: SnapshotCases.orNot, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE (("sql_people"."active" = :p1) OR NOT (("sql_people"."score" > :p2)))
            -- :p1 = TRUE, :p2 = 2.5

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE ((`sql_people`.`active` = :p1) OR NOT ((`sql_people`.`score` > :p2)))
            -- :p1 = TRUE, :p2 = 2.5

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE ((⟦sql_people⟧.⟦active⟧ = &1) OR NOT ((⟦sql_people⟧.⟦score⟧ > &2)))
            -- &1 = TRUE, &2 = 2.5
            """
        }
    }

    @Test func booleanColumn() {
        assertInlineSnapshot(of: SnapshotCases.booleanColumn, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE "sql_people"."active"

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE `sql_people`.`active`

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE ⟦sql_people⟧.⟦active⟧
            """
        }
    }

    @Test func inList() {
        assertInlineSnapshot(of: SnapshotCases.inList, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE ("sql_people"."id" IN (:p1, :p2, :p3) AND "sql_people"."role" NOT IN (:p4))
            -- :p1 = 1, :p2 = 2, :p3 = 3, :p4 = 'admin'

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE (`sql_people`.`id` IN (:p1, :p2, :p3) AND `sql_people`.`role` NOT IN (:p4))
            -- :p1 = 1, :p2 = 2, :p3 = 3, :p4 = 'admin'

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE (⟦sql_people⟧.⟦id⟧ IN (&1, &2, &3) AND ⟦sql_people⟧.⟦role⟧ NOT IN (&4))
            -- &1 = 1, &2 = 2, &3 = 3, &4 = 'admin'
            """
        }
    }

    @Test func emptyIn() {
        assertInlineSnapshot(of: SnapshotCases.emptyIn, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE (1 = 0)

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE (1 = 0)

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE (1 = 0)
            """
        }
    }

    @Test func inSubquery() {
        assertInlineSnapshot(of: SnapshotCases.inSubquery, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."name"
            FROM "sql_people"
            WHERE "sql_people"."id" IN (SELECT "sql_posts"."person_id" FROM "sql_posts"
              WHERE ("sql_posts"."views" > :p1))
            -- :p1 = 0

            MySQL:
            SELECT `sql_people`.`name`
            FROM `sql_people`
            WHERE `sql_people`.`id` IN (SELECT `sql_posts`.`person_id` FROM `sql_posts`
              WHERE (`sql_posts`.`views` > :p1))
            -- :p1 = 0

            OddTest:
            SELECT ⟦sql_people⟧.⟦name⟧
            FROM ⟦sql_people⟧
            WHERE ⟦sql_people⟧.⟦id⟧ IN (SELECT ⟦sql_posts⟧.⟦person_id⟧ FROM ⟦sql_posts⟧
              WHERE (⟦sql_posts⟧.⟦views⟧ > &1))
            -- &1 = 0
            """
        }
    }

    @Test func betweenLikeNull() {
        assertInlineSnapshot(of: SnapshotCases.betweenLikeNull, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE (((("sql_people"."age" BETWEEN :p1 AND :p2) AND "sql_people"."name" LIKE :p3)
              AND "sql_people"."email" IS NULL) AND "sql_people"."birthday" IS NOT NULL)
            -- :p1 = 18, :p2 = 65, :p3 = 'person%'

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE ((((`sql_people`.`age` BETWEEN :p1 AND :p2) AND `sql_people`.`name` LIKE :p3)
              AND `sql_people`.`email` IS NULL) AND `sql_people`.`birthday` IS NOT NULL)
            -- :p1 = 18, :p2 = 65, :p3 = 'person%'

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE ((((⟦sql_people⟧.⟦age⟧ BETWEEN &1 AND &2) AND ⟦sql_people⟧.⟦name⟧ LIKE &3)
              AND ⟦sql_people⟧.⟦email⟧ IS NULL) AND ⟦sql_people⟧.⟦birthday⟧ IS NOT NULL)
            -- &1 = 18, &2 = 65, &3 = 'person%'
            """
        }
    }

    @Test func ilike() {
        assertInlineSnapshot(of: SnapshotCases.ilike, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE "sql_people"."name" ILIKE :p1
            -- :p1 = 'PERSON%'

            MySQL: error: MySQL does not support ILIKE

            OddTest: error: OddTest does not support ILIKE
            """
        }
    }

    @Test func dates() {
        assertInlineSnapshot(of: SnapshotCases.dates, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE ((("sql_people"."created_at" > :p1) AND ("sql_people"."birthday" < :p2))
              AND ("sql_people"."wake_up" >= :p3))
            -- :p1 = '2023-11-14 22:13:20' (TIMESTAMP), :p2 = '2023-11-14' (DATE), :p3 = '01:00:00' (TIME)

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE (((`sql_people`.`created_at` > :p1) AND (`sql_people`.`birthday` < :p2))
              AND (`sql_people`.`wake_up` >= :p3))
            -- :p1 = '2023-11-14 22:13:20' (TIMESTAMP), :p2 = '2023-11-14' (DATE), :p3 = '01:00:00' (TIME)

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE (((⟦sql_people⟧.⟦created_at⟧ > &1) AND (⟦sql_people⟧.⟦birthday⟧ < &2))
              AND (⟦sql_people⟧.⟦wake_up⟧ >= &3))
            -- &1 = '2023-11-14 22:13:20' (TIMESTAMP), &2 = '2023-11-14' (DATE), &3 = '01:00:00' (TIME)
            """
        }
    }

    @Test func typedValues() {
        assertInlineSnapshot(of: SnapshotCases.typedValues, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE ((("sql_people"."uuid" <> :p1) AND ("sql_people"."balance" > :p2))
              AND ("sql_people"."level" = :p3))
            -- :p1 = '00000000-0000-0000-0000-0000000000ff' (UUID), :p2 = '0.01' (DECIMAL), :p3 = 2

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE (((`sql_people`.`uuid` <> :p1) AND (`sql_people`.`balance` > :p2))
              AND (`sql_people`.`level` = :p3))
            -- :p1 = '00000000-0000-0000-0000-0000000000ff' (UUID), :p2 = '0.01' (DECIMAL), :p3 = 2

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE (((⟦sql_people⟧.⟦uuid⟧ <> &1) AND (⟦sql_people⟧.⟦balance⟧ > &2))
              AND (⟦sql_people⟧.⟦level⟧ = &3))
            -- &1 = '00000000-0000-0000-0000-0000000000ff' (UUID), &2 = '0.01' (DECIMAL), &3 = 2
            """
        }
    }

    @Test func orderLimitOffset() {
        assertInlineSnapshot(of: SnapshotCases.orderLimitOffset, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            ORDER BY "sql_people"."email" ASC NULLS FIRST, "sql_people"."id" DESC NULLS LAST
            LIMIT 10
            OFFSET 1

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            ORDER BY (`sql_people`.`email` IS NULL) DESC, `sql_people`.`email` ASC,
              (`sql_people`.`id` IS NULL) ASC, `sql_people`.`id` DESC
            LIMIT 10
            OFFSET 1

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            ORDER BY ⟦sql_people⟧.⟦email⟧ ASC NULLS FIRST, ⟦sql_people⟧.⟦id⟧ DESC NULLS LAST
            LIMIT 10
            OFFSET 1
            """
        }
    }

    @Test func offsetOnly() {
        assertInlineSnapshot(of: SnapshotCases.offsetOnly, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            ORDER BY "sql_people"."id" ASC
            OFFSET 1

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            ORDER BY `sql_people`.`id` ASC
            LIMIT 18446744073709551615
            OFFSET 1

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            ORDER BY ⟦sql_people⟧.⟦id⟧ ASC
            OFFSET 1
            """
        }
    }

    @Test func distinct() {
        assertInlineSnapshot(of: SnapshotCases.distinct, as: .sql) {
            """
            PostgreSQL:
            SELECT DISTINCT "sql_people"."role"
            FROM "sql_people"

            MySQL:
            SELECT DISTINCT `sql_people`.`role`
            FROM `sql_people`

            OddTest:
            SELECT DISTINCT ⟦sql_people⟧.⟦role⟧
            FROM ⟦sql_people⟧
            """
        }
    }

    @Test func aggregates() {
        assertInlineSnapshot(of: SnapshotCases.aggregates, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."role", COUNT(*) AS "n", COUNT("sql_people"."email") AS "emails",
              COUNT(DISTINCT "sql_people"."email") AS "distinct_emails", SUM("sql_people"."age") AS "total",
              AVG("sql_people"."score") AS "mean", MIN("sql_people"."age") AS "youngest",
              MAX("sql_people"."age") AS "oldest"
            FROM "sql_people"
            GROUP BY "sql_people"."role"
            HAVING (COUNT(*) > :p1)
            ORDER BY "sql_people"."role" ASC
            -- :p1 = 0

            MySQL:
            SELECT `sql_people`.`role`, COUNT(*) AS `n`, COUNT(`sql_people`.`email`) AS `emails`,
              COUNT(DISTINCT `sql_people`.`email`) AS `distinct_emails`, SUM(`sql_people`.`age`) AS `total`,
              AVG(`sql_people`.`score`) AS `mean`, MIN(`sql_people`.`age`) AS `youngest`,
              MAX(`sql_people`.`age`) AS `oldest`
            FROM `sql_people`
            GROUP BY `sql_people`.`role`
            HAVING (COUNT(*) > :p1)
            ORDER BY `sql_people`.`role` ASC
            -- :p1 = 0

            OddTest:
            SELECT ⟦sql_people⟧.⟦role⟧, COUNT(*) AS ⟦n⟧, COUNT(⟦sql_people⟧.⟦email⟧) AS ⟦emails⟧,
              COUNT(DISTINCT ⟦sql_people⟧.⟦email⟧) AS ⟦distinct_emails⟧, SUM(⟦sql_people⟧.⟦age⟧) AS ⟦total⟧,
              AVG(⟦sql_people⟧.⟦score⟧) AS ⟦mean⟧, MIN(⟦sql_people⟧.⟦age⟧) AS ⟦youngest⟧,
              MAX(⟦sql_people⟧.⟦age⟧) AS ⟦oldest⟧
            FROM ⟦sql_people⟧
            GROUP BY ⟦sql_people⟧.⟦role⟧
            HAVING (COUNT(*) > &1)
            ORDER BY ⟦sql_people⟧.⟦role⟧ ASC
            -- &1 = 0
            """
        }
    }

    @Test func innerJoin() {
        assertInlineSnapshot(of: SnapshotCases.innerJoin, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."name", "sql_posts"."title"
            FROM "sql_people"
            INNER JOIN "sql_posts" ON ("sql_posts"."person_id" = "sql_people"."id")
            WHERE ("sql_posts"."views" >= :p1)
            -- :p1 = 0

            MySQL:
            SELECT `sql_people`.`name`, `sql_posts`.`title`
            FROM `sql_people`
            INNER JOIN `sql_posts` ON (`sql_posts`.`person_id` = `sql_people`.`id`)
            WHERE (`sql_posts`.`views` >= :p1)
            -- :p1 = 0

            OddTest:
            SELECT ⟦sql_people⟧.⟦name⟧, ⟦sql_posts⟧.⟦title⟧
            FROM ⟦sql_people⟧
            INNER JOIN ⟦sql_posts⟧ ON (⟦sql_posts⟧.⟦person_id⟧ = ⟦sql_people⟧.⟦id⟧)
            WHERE (⟦sql_posts⟧.⟦views⟧ >= &1)
            -- &1 = 0
            """
        }
    }

    @Test func leftJoinAliases() {
        assertInlineSnapshot(of: SnapshotCases.leftJoinAliases, as: .sql) {
            """
            PostgreSQL:
            SELECT "p"."name", "q"."title" AS "post_title"
            FROM "sql_people" AS "p"
            LEFT JOIN "sql_posts" AS "q" ON ("q"."person_id" = "p"."id")

            MySQL:
            SELECT `p`.`name`, `q`.`title` AS `post_title`
            FROM `sql_people` AS `p`
            LEFT JOIN `sql_posts` AS `q` ON (`q`.`person_id` = `p`.`id`)

            OddTest:
            SELECT ⟦p⟧.⟦name⟧, ⟦q⟧.⟦title⟧ AS ⟦post_title⟧
            FROM ⟦sql_people⟧ AS ⟦p⟧
            LEFT JOIN ⟦sql_posts⟧ AS ⟦q⟧ ON (⟦q⟧.⟦person_id⟧ = ⟦p⟧.⟦id⟧)
            """
        }
    }

    @Test func existsSubqueries() {
        assertInlineSnapshot(of: SnapshotCases.existsSubqueries, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE (EXISTS (SELECT "sql_posts"."slug" FROM "sql_posts"
              WHERE ("sql_posts"."person_id" = "sql_people"."id"))
              AND NOT (NOT EXISTS (SELECT "sql_posts"."slug" FROM "sql_posts"
              WHERE ("sql_posts"."title" = :p1))))
            -- :p1 = 'none'

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE (EXISTS (SELECT `sql_posts`.`slug` FROM `sql_posts`
              WHERE (`sql_posts`.`person_id` = `sql_people`.`id`))
              AND NOT (NOT EXISTS (SELECT `sql_posts`.`slug` FROM `sql_posts`
              WHERE (`sql_posts`.`title` = :p1))))
            -- :p1 = 'none'

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE (EXISTS (SELECT ⟦sql_posts⟧.⟦slug⟧ FROM ⟦sql_posts⟧
              WHERE (⟦sql_posts⟧.⟦person_id⟧ = ⟦sql_people⟧.⟦id⟧))
              AND NOT (NOT EXISTS (SELECT ⟦sql_posts⟧.⟦slug⟧ FROM ⟦sql_posts⟧
              WHERE (⟦sql_posts⟧.⟦title⟧ = &1))))
            -- &1 = 'none'
            """
        }
    }

    @Test func scalarSubquery() {
        assertInlineSnapshot(of: SnapshotCases.scalarSubquery, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id", (SELECT MAX("sql_posts"."views") FROM "sql_posts"
              WHERE ("sql_posts"."person_id" = "sql_people"."id")) AS "top_views"
            FROM "sql_people"

            MySQL:
            SELECT `sql_people`.`id`, (SELECT MAX(`sql_posts`.`views`) FROM `sql_posts`
              WHERE (`sql_posts`.`person_id` = `sql_people`.`id`)) AS `top_views`
            FROM `sql_people`

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧, (SELECT MAX(⟦sql_posts⟧.⟦views⟧) FROM ⟦sql_posts⟧
              WHERE (⟦sql_posts⟧.⟦person_id⟧ = ⟦sql_people⟧.⟦id⟧)) AS ⟦top_views⟧
            FROM ⟦sql_people⟧
            """
        }
    }

    @Test func functions() {
        assertInlineSnapshot(of: SnapshotCases.functions, as: .sql) {
            """
            PostgreSQL:
            SELECT LOWER("sql_people"."name") AS "l", UPPER("sql_people"."name") AS "u",
              CHAR_LENGTH("sql_people"."name") AS "len",
              ("sql_people"."name" || :p1 || COALESCE("sql_people"."email", :p2) || :p3) AS "label",
              ("sql_people"."age" + :p4) AS "next", ((("sql_people"."score" * :p5) - :p6) / :p7) AS "calc",
              CURRENT_TIMESTAMP AS "at"
            FROM "sql_people"
            WHERE ("sql_people"."id" = :p8)
            -- :p1 = ' <', :p2 = 'none', :p3 = '>', :p4 = 1, :p5 = 2.0, :p6 = 1.0, :p7 = 4.0, :p8 = 1

            MySQL:
            SELECT LOWER(`sql_people`.`name`) AS `l`, UPPER(`sql_people`.`name`) AS `u`,
              CHAR_LENGTH(`sql_people`.`name`) AS `len`, CONCAT(`sql_people`.`name`, :p1,
              COALESCE(`sql_people`.`email`, :p2), :p3) AS `label`, (`sql_people`.`age` + :p4) AS `next`,
              (((`sql_people`.`score` * :p5) - :p6) / :p7) AS `calc`, CURRENT_TIMESTAMP AS `at`
            FROM `sql_people`
            WHERE (`sql_people`.`id` = :p8)
            -- :p1 = ' <', :p2 = 'none', :p3 = '>', :p4 = 1, :p5 = 2.0, :p6 = 1.0, :p7 = 4.0, :p8 = 1

            OddTest:
            SELECT LOWER(⟦sql_people⟧.⟦name⟧) AS ⟦l⟧, UPPER(⟦sql_people⟧.⟦name⟧) AS ⟦u⟧,
              CHAR_LENGTH(⟦sql_people⟧.⟦name⟧) AS ⟦len⟧, CONCAT(⟦sql_people⟧.⟦name⟧, &1,
              COALESCE(⟦sql_people⟧.⟦email⟧, &2), &3) AS ⟦label⟧, (⟦sql_people⟧.⟦age⟧ + &4) AS ⟦next⟧,
              (((⟦sql_people⟧.⟦score⟧ * &5) - &6) / &7) AS ⟦calc⟧, CURRENT_TIMESTAMP AS ⟦at⟧
            FROM ⟦sql_people⟧
            WHERE (⟦sql_people⟧.⟦id⟧ = &8)
            -- &1 = ' <', &2 = 'none', &3 = '>', &4 = 1, &5 = 2.0, &6 = 1.0, &7 = 4.0, &8 = 1
            """
        }
    }

    @Test func rawFragment() {
        assertInlineSnapshot(of: SnapshotCases.rawFragment, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_people"."id"
            FROM "sql_people"
            WHERE "sql_people"."name" = :p1 AND 1 = 1
            -- :p1 = 'person 1'

            MySQL:
            SELECT `sql_people`.`id`
            FROM `sql_people`
            WHERE `sql_people`.`name` = :p1 AND 1 = 1
            -- :p1 = 'person 1'

            OddTest:
            SELECT ⟦sql_people⟧.⟦id⟧
            FROM ⟦sql_people⟧
            WHERE ⟦sql_people⟧.⟦name⟧ = &1 AND 1 = 1
            -- &1 = 'person 1'
            """
        }
    }

    @Test func insertOne() {
        assertInlineSnapshot(of: SnapshotCases.insertOne, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_people" ("name", "email", "age", "small", "score", "ratio", "balance", "active",
              "created_at", "birthday", "wake_up", "uuid", "avatar", "role", "level", "settings")
            VALUES (:p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, :p13, :p14, :p15, :p16)
            -- :p1 = 'person 7', :p2 = NULL, :p3 = 27, :p4 = 7, :p5 = 7.25, :p6 = 0.5, :p7 = '700.5' (DECIMAL),
            -- :p8 = TRUE, :p9 = '2023-11-14 22:13:27.123456' (TIMESTAMP), :p10 = '2000-01-08' (DATE),
            -- :p11 = '07:30:07' (TIME), :p12 = '00000000-0000-0000-0000-000000000007' (UUID), :p13 = NULL,
            -- :p14 = 'member', :p15 = 1, :p16 = '{"tags":["a","b7"],"theme":"dark"}' (JSON)

            MySQL:
            INSERT INTO `sql_people` (`name`, `email`, `age`, `small`, `score`, `ratio`, `balance`, `active`,
              `created_at`, `birthday`, `wake_up`, `uuid`, `avatar`, `role`, `level`, `settings`)
            VALUES (:p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, :p13, :p14, :p15, :p16)
            -- :p1 = 'person 7', :p2 = NULL, :p3 = 27, :p4 = 7, :p5 = 7.25, :p6 = 0.5, :p7 = '700.5' (DECIMAL),
            -- :p8 = TRUE, :p9 = '2023-11-14 22:13:27.123456' (TIMESTAMP), :p10 = '2000-01-08' (DATE),
            -- :p11 = '07:30:07' (TIME), :p12 = '00000000-0000-0000-0000-000000000007' (UUID), :p13 = NULL,
            -- :p14 = 'member', :p15 = 1, :p16 = '{"tags":["a","b7"],"theme":"dark"}' (JSON)

            OddTest:
            INSERT INTO ⟦sql_people⟧ (⟦name⟧, ⟦email⟧, ⟦age⟧, ⟦small⟧, ⟦score⟧, ⟦ratio⟧, ⟦balance⟧, ⟦active⟧,
              ⟦created_at⟧, ⟦birthday⟧, ⟦wake_up⟧, ⟦uuid⟧, ⟦avatar⟧, ⟦role⟧, ⟦level⟧, ⟦settings⟧)
            VALUES (&1, &2, &3, &4, &5, &6, &7, &8, &9, &10, &11, &12, &13, &14, &15, &16)
            -- &1 = 'person 7', &2 = NULL, &3 = 27, &4 = 7, &5 = 7.25, &6 = 0.5, &7 = '700.5' (DECIMAL),
            -- &8 = TRUE, &9 = '2023-11-14 22:13:27.123456' (TIMESTAMP), &10 = '2000-01-08' (DATE),
            -- &11 = '07:30:07' (TIME), &12 = '00000000-0000-0000-0000-000000000007' (UUID), &13 = NULL,
            -- &14 = 'member', &15 = 1, &16 = '{"tags":["a","b7"],"theme":"dark"}' (JSON)
            """
        }
    }

    @Test func insertMany() {
        assertInlineSnapshot(of: SnapshotCases.insertMany, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_posts" ("person_id", "slug", "title", "views")
            VALUES (:p1, :p2, :p3, :p4), (:p5, :p6, :p7, :p8)
            -- :p1 = 1, :p2 = 'many-1', :p3 = 't', :p4 = NULL, :p5 = 2, :p6 = 'many-2', :p7 = 'u', :p8 = 5

            MySQL:
            INSERT INTO `sql_posts` (`person_id`, `slug`, `title`, `views`)
            VALUES (:p1, :p2, :p3, :p4), (:p5, :p6, :p7, :p8)
            -- :p1 = 1, :p2 = 'many-1', :p3 = 't', :p4 = NULL, :p5 = 2, :p6 = 'many-2', :p7 = 'u', :p8 = 5

            OddTest:
            INSERT INTO ⟦sql_posts⟧ (⟦person_id⟧, ⟦slug⟧, ⟦title⟧, ⟦views⟧)
            VALUES (&1, &2, &3, &4), (&5, &6, &7, &8)
            -- &1 = 1, &2 = 'many-1', &3 = 't', &4 = NULL, &5 = 2, &6 = 'many-2', &7 = 'u', &8 = 5
            """
        }
    }

    @Test func upsertUpdate() {
        assertInlineSnapshot(of: SnapshotCases.upsertUpdate, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_posts" ("person_id", "slug", "title", "views")
            VALUES (:p1, :p2, :p3, :p4)
            ON CONFLICT ("person_id", "slug") DO UPDATE
            SET "title" = EXCLUDED."title", "views" = EXCLUDED."views"
            -- :p1 = 1, :p2 = 'many-1', :p3 = 'updated', :p4 = 9

            MySQL:
            INSERT INTO `sql_posts` (`person_id`, `slug`, `title`, `views`)
            VALUES (:p1, :p2, :p3, :p4)
            ON DUPLICATE KEY UPDATE `title` = VALUES(`title`), `views` = VALUES(`views`)
            -- :p1 = 1, :p2 = 'many-1', :p3 = 'updated', :p4 = 9

            OddTest: error: OddTest does not support upsert
            """
        }
    }

    @Test func upsertNothing() {
        assertInlineSnapshot(of: SnapshotCases.upsertNothing, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_posts" ("person_id", "slug", "title", "views")
            VALUES (:p1, :p2, :p3, :p4)
            ON CONFLICT ("person_id", "slug") DO NOTHING
            -- :p1 = 1, :p2 = 'many-1', :p3 = 'ignored', :p4 = 1

            MySQL:
            INSERT INTO `sql_posts` (`person_id`, `slug`, `title`, `views`)
            VALUES (:p1, :p2, :p3, :p4)
            ON DUPLICATE KEY UPDATE `person_id` = `person_id`
            -- :p1 = 1, :p2 = 'many-1', :p3 = 'ignored', :p4 = 1

            OddTest: error: OddTest does not support upsert
            """
        }
    }

    @Test func returning() {
        assertInlineSnapshot(of: SnapshotCases.returning, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_posts" ("person_id", "slug", "title", "views")
            VALUES (:p1, :p2, :p3, :p4)
            RETURNING "slug", "views"
            -- :p1 = 3, :p2 = 'ret', :p3 = 'r', :p4 = 0

            MySQL: error: MySQL does not support RETURNING

            OddTest: error: OddTest does not support RETURNING
            """
        }
    }

    @Test func update() {
        assertInlineSnapshot(of: SnapshotCases.update, as: .sql) {
            """
            PostgreSQL:
            UPDATE "sql_people"
            SET "name" = :p1, "email" = :p2, "age" = ("sql_people"."age" + :p3)
            WHERE ("sql_people"."id" = :p4)
            -- :p1 = 'renamed', :p2 = NULL, :p3 = 1, :p4 = 2

            MySQL:
            UPDATE `sql_people`
            SET `name` = :p1, `email` = :p2, `age` = (`sql_people`.`age` + :p3)
            WHERE (`sql_people`.`id` = :p4)
            -- :p1 = 'renamed', :p2 = NULL, :p3 = 1, :p4 = 2

            OddTest:
            UPDATE ⟦sql_people⟧
            SET ⟦name⟧ = &1, ⟦email⟧ = &2, ⟦age⟧ = (⟦sql_people⟧.⟦age⟧ + &3)
            WHERE (⟦sql_people⟧.⟦id⟧ = &4)
            -- &1 = 'renamed', &2 = NULL, &3 = 1, &4 = 2
            """
        }
    }

    @Test func updateAll() {
        assertInlineSnapshot(of: SnapshotCases.updateAll, as: .sql) {
            """
            PostgreSQL:
            UPDATE "sql_posts"
            SET "views" = COALESCE("sql_posts"."views", :p1)
            -- :p1 = 0

            MySQL:
            UPDATE `sql_posts`
            SET `views` = COALESCE(`sql_posts`.`views`, :p1)
            -- :p1 = 0

            OddTest:
            UPDATE ⟦sql_posts⟧
            SET ⟦views⟧ = COALESCE(⟦sql_posts⟧.⟦views⟧, &1)
            -- &1 = 0
            """
        }
    }

    @Test func updateWithoutWhere() {
        assertInlineSnapshot(of: SnapshotCases.updateWithoutWhere, as: .sql) {
            """
            PostgreSQL: error: UPDATE without a WHERE clause; use updateAll() to affect every row

            MySQL: error: UPDATE without a WHERE clause; use updateAll() to affect every row

            OddTest: error: UPDATE without a WHERE clause; use updateAll() to affect every row
            """
        }
    }

    @Test func delete() {
        assertInlineSnapshot(of: SnapshotCases.delete, as: .sql) {
            """
            PostgreSQL:
            DELETE
            FROM "sql_posts"
            WHERE ("sql_posts"."slug" = :p1)
            -- :p1 = 'ret'

            MySQL:
            DELETE
            FROM `sql_posts`
            WHERE (`sql_posts`.`slug` = :p1)
            -- :p1 = 'ret'

            OddTest:
            DELETE
            FROM ⟦sql_posts⟧
            WHERE (⟦sql_posts⟧.⟦slug⟧ = &1)
            -- &1 = 'ret'
            """
        }
    }

    @Test func deleteWithoutWhere() {
        assertInlineSnapshot(of: SnapshotCases.deleteWithoutWhere, as: .sql) {
            """
            PostgreSQL: error: DELETE without a WHERE clause; use deleteAll() to affect every row

            MySQL: error: DELETE without a WHERE clause; use deleteAll() to affect every row

            OddTest: error: DELETE without a WHERE clause; use deleteAll() to affect every row
            """
        }
    }

    @Test func createTable() {
        assertInlineSnapshot(of: SnapshotCases.createTable, as: .sql) {
            """
            PostgreSQL:
            CREATE TABLE IF NOT EXISTS "sql_people" ("id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
              "name" varchar(255) NOT NULL, "email" varchar(255) UNIQUE, "age" integer NOT NULL DEFAULT (18),
              "small" smallint NOT NULL, "score" double precision NOT NULL, "ratio" real NOT NULL,
              "balance" numeric(12,2) NOT NULL, "active" boolean NOT NULL, "created_at" timestamp NOT NULL,
              "birthday" date, "wake_up" time NOT NULL, "uuid" uuid NOT NULL, "avatar" bytea,
              "role" varchar(20) NOT NULL, "level" integer NOT NULL, "settings" json NOT NULL,
              PRIMARY KEY ("id"))

            MySQL:
            CREATE TABLE IF NOT EXISTS `sql_people` (`id` BIGINT AUTO_INCREMENT NOT NULL,
              `name` VARCHAR(255) NOT NULL, `email` VARCHAR(255) UNIQUE, `age` INT NOT NULL DEFAULT (18),
              `small` SMALLINT NOT NULL, `score` DOUBLE NOT NULL, `ratio` FLOAT NOT NULL,
              `balance` DECIMAL(12,2) NOT NULL, `active` BOOLEAN NOT NULL, `created_at` DATETIME(6) NOT NULL,
              `birthday` DATE, `wake_up` TIME(6) NOT NULL, `uuid` CHAR(36) NOT NULL, `avatar` LONGBLOB,
              `role` VARCHAR(20) NOT NULL, `level` INT NOT NULL, `settings` JSON NOT NULL, PRIMARY KEY (`id`))

            OddTest:
            CREATE TABLE IF NOT EXISTS ⟦sql_people⟧ (⟦id⟧ ODD_BIGINT AUTOINC NOT NULL,
              ⟦name⟧ ODD_VARCHAR255 NOT NULL, ⟦email⟧ ODD_VARCHAR255 UNIQUE,
              ⟦age⟧ ODD_INTEGER NOT NULL DEFAULT (18), ⟦small⟧ ODD_SMALLINT NOT NULL,
              ⟦score⟧ ODD_DOUBLE NOT NULL, ⟦ratio⟧ ODD_REAL NOT NULL,
              ⟦balance⟧ ODD_DECIMALPRECISION12SCALE2 NOT NULL, ⟦active⟧ ODD_BOOLEAN NOT NULL,
              ⟦created_at⟧ ODD_TIMESTAMP NOT NULL, ⟦birthday⟧ ODD_DATE, ⟦wake_up⟧ ODD_TIME NOT NULL,
              ⟦uuid⟧ ODD_UUID NOT NULL, ⟦avatar⟧ ODD_BLOB, ⟦role⟧ ODD_VARCHAR20 NOT NULL,
              ⟦level⟧ ODD_INTEGER NOT NULL, ⟦settings⟧ ODD_JSON NOT NULL, PRIMARY KEY (⟦id⟧))
            """
        }
    }

    @Test func createComposite() {
        assertInlineSnapshot(of: SnapshotCases.createComposite, as: .sql) {
            """
            PostgreSQL:
            CREATE TABLE IF NOT EXISTS "sql_posts" ("person_id" bigint NOT NULL, "slug" varchar(100) NOT NULL,
              "title" text NOT NULL, "views" bigint, PRIMARY KEY ("person_id", "slug"))

            MySQL:
            CREATE TABLE IF NOT EXISTS `sql_posts` (`person_id` BIGINT NOT NULL, `slug` VARCHAR(100) NOT NULL,
              `title` TEXT NOT NULL, `views` BIGINT, PRIMARY KEY (`person_id`, `slug`))

            OddTest:
            CREATE TABLE IF NOT EXISTS ⟦sql_posts⟧ (⟦person_id⟧ ODD_BIGINT NOT NULL,
              ⟦slug⟧ ODD_VARCHAR100 NOT NULL, ⟦title⟧ ODD_TEXT NOT NULL, ⟦views⟧ ODD_BIGINT,
              PRIMARY KEY (⟦person_id⟧, ⟦slug⟧))
            """
        }
    }

    @Test func createIndex() {
        assertInlineSnapshot(of: SnapshotCases.createIndex, as: .sql) {
            """
            PostgreSQL:
            CREATE INDEX "sql_people_name" ON "sql_people" ("name")

            MySQL:
            CREATE INDEX `sql_people_name` ON `sql_people` (`name`)

            OddTest:
            CREATE INDEX ⟦sql_people_name⟧ ON ⟦sql_people⟧ (⟦name⟧)
            """
        }
    }

    @Test func pgOnlyInsert() {
        assertInlineSnapshot(of: SnapshotCases.pgOnlyInsert, as: .sql) {
            #"""
            PostgreSQL:
            INSERT INTO "sql_pg_only" ("id", "tags", "numbers", "mood", "doc", "at")
            VALUES (:p1, CAST(:p2 AS text[]), CAST(:p3 AS bigint[]), CAST(:p4 AS "sql_mood"), :p5, :p6)
            -- :p1 = 1, :p2 = '{"a","b,\"c\"","\\d"}', :p3 = '{1,-2}', :p4 = 'member',
            -- :p5 = '{"tags":[],"theme":"x"}' (JSON), :p6 = '2023-11-14 22:13:20' (TIMESTAMP)

            MySQL: error: MySQL does not support array values

            OddTest: error: OddTest does not support array values
            """#
        }
    }

    @Test func pgOnlySelect() {
        assertInlineSnapshot(of: SnapshotCases.pgOnlySelect, as: .sql) {
            #"""
            PostgreSQL:
            SELECT "sql_pg_only"."id", "sql_pg_only"."tags", "sql_pg_only"."numbers", "sql_pg_only"."mood",
              "sql_pg_only"."doc", "sql_pg_only"."at"
            FROM "sql_pg_only"
            WHERE (("sql_pg_only"."mood" = CAST(:p1 AS "sql_mood"))
              AND ("sql_pg_only"."tags" = CAST(:p2 AS text[])))
            -- :p1 = 'member', :p2 = '{"a","b,\"c\"","\\d"}'

            MySQL: error: MySQL does not support array values

            OddTest: error: OddTest does not support array values
            """#
        }
    }

    @Test func deleteAll() {
        assertInlineSnapshot(of: SnapshotCases.deleteAll, as: .sql) {
            """
            PostgreSQL:
            DELETE
            FROM "sql_posts"

            MySQL:
            DELETE
            FROM `sql_posts`

            OddTest:
            DELETE
            FROM ⟦sql_posts⟧
            """
        }
    }

    @Test func dropTable() {
        assertInlineSnapshot(of: SnapshotCases.dropTable, as: .sql) {
            """
            PostgreSQL:
            DROP TABLE IF EXISTS "sql_posts"

            MySQL:
            DROP TABLE IF EXISTS `sql_posts`

            OddTest:
            DROP TABLE IF EXISTS ⟦sql_posts⟧
            """
        }
    }
}
