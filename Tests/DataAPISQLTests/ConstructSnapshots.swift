import DataAPISQL
import InlineSnapshotTesting
import Testing

/// What the constructs of issue 14 render in PostgreSQL, MySQL and the odd test dialect, with the
/// values they bind. Run with `SNAPSHOT_TESTING_RECORD=failed` to re-record after a deliberate change.
@Suite struct ConstructSnapshots {
    @Test func foreignKeyAndCheck() {
        assertInlineSnapshot(of: ConstructCases.foreignKeyAndCheck, as: .sql) {
            """
            PostgreSQL:
            CREATE TABLE "sql_members" ("id" bigint NOT NULL, "team_id" bigint, "name" varchar(50) NOT NULL,
              "nickname" varchar(50), "age" integer NOT NULL, PRIMARY KEY ("id"),
              CONSTRAINT "sql_members_team" FOREIGN KEY ("team_id") REFERENCES "sql_teams" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
              CONSTRAINT "sql_members_age" CHECK ((("age" >= 0) AND ("age" < 200))))

            MySQL:
            CREATE TABLE `sql_members` (`id` BIGINT NOT NULL, `team_id` BIGINT, `name` VARCHAR(50) NOT NULL,
              `nickname` VARCHAR(50), `age` INT NOT NULL, PRIMARY KEY (`id`),
              CONSTRAINT `sql_members_team` FOREIGN KEY (`team_id`) REFERENCES `sql_teams` (`id`) ON DELETE CASCADE ON UPDATE CASCADE,
              CONSTRAINT `sql_members_age` CHECK (((`age` >= 0) AND (`age` < 200))))

            OddTest:
            CREATE TABLE ⟦sql_members⟧ (⟦id⟧ ODD_BIGINT NOT NULL, ⟦team_id⟧ ODD_BIGINT,
              ⟦name⟧ ODD_VARCHAR50 NOT NULL, ⟦nickname⟧ ODD_VARCHAR50, ⟦age⟧ ODD_INTEGER NOT NULL,
              PRIMARY KEY (⟦id⟧),
              CONSTRAINT ⟦sql_members_team⟧ FOREIGN KEY (⟦team_id⟧) REFERENCES ⟦sql_teams⟧ (⟦id⟧) ON DELETE CASCADE ON UPDATE CASCADE,
              CONSTRAINT ⟦sql_members_age⟧ CHECK (((⟦age⟧ >= 0) AND (⟦age⟧ < 200))))
            """
        }
    }

    @Test func updateReturning() {
        assertInlineSnapshot(of: ConstructCases.updateReturning, as: .sql) {
            """
            PostgreSQL:
            UPDATE "sql_members"
            SET "age" = ("sql_members"."age" + :p1)
            WHERE ("sql_members"."id" = :p2)
            RETURNING "id", "age"
            -- :p1 = 1, :p2 = 1

            MySQL: error: MySQL does not support RETURNING

            OddTest: error: OddTest does not support RETURNING
            """
        }
    }

    @Test func deleteReturning() {
        assertInlineSnapshot(of: ConstructCases.deleteReturning, as: .sql) {
            """
            PostgreSQL:
            DELETE
            FROM "sql_members"
            WHERE ("sql_members"."id" = :p1)
            RETURNING "name"
            -- :p1 = 4

            MySQL: error: MySQL does not support RETURNING

            OddTest: error: OddTest does not support RETURNING
            """
        }
    }

    @Test func nullSafeEquality() {
        assertInlineSnapshot(of: ConstructCases.nullSafeEquality, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            WHERE (("sql_members"."nickname" IS NOT DISTINCT FROM :p1) OR ("sql_members"."team_id" IS DISTINCT
              FROM :p2))
            -- :p1 = NULL, :p2 = 1

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            WHERE ((`sql_members`.`nickname` <=> :p1) OR NOT (`sql_members`.`team_id` <=> :p2))
            -- :p1 = NULL, :p2 = 1

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            WHERE ((⟦sql_members⟧.⟦nickname⟧ IS NOT DISTINCT FROM &1) OR (⟦sql_members⟧.⟦team_id⟧ IS DISTINCT
              FROM &2))
            -- &1 = NULL, &2 = 1
            """
        }
    }

    @Test func likeEscape() {
        assertInlineSnapshot(of: ConstructCases.likeEscape, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            WHERE ("sql_members"."nickname" LIKE :p1 ESCAPE '!' OR "sql_members"."name" LIKE :p2 ESCAPE '!')
            -- :p1 = '%50!%%', :p2 = 'a!%'

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            WHERE (`sql_members`.`nickname` LIKE :p1 ESCAPE '!' OR `sql_members`.`name` LIKE :p2 ESCAPE '!')
            -- :p1 = '%50!%%', :p2 = 'a!%'

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            WHERE (⟦sql_members⟧.⟦nickname⟧ LIKE &1 ESCAPE '!' OR ⟦sql_members⟧.⟦name⟧ LIKE &2 ESCAPE '!')
            -- &1 = '%50!%%', &2 = 'a!%'
            """
        }
    }

    @Test func caseWhen() {
        assertInlineSnapshot(of: ConstructCases.caseWhenThenElse, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."name", CASE WHEN ("sql_members"."age" < :p1) THEN :p2
              WHEN ("sql_members"."age" < :p3) THEN :p4 ELSE :p5 END AS "bucket"
            FROM "sql_members"
            ORDER BY "sql_members"."id" ASC
            -- :p1 = 30, :p2 = 'young', :p3 = 40, :p4 = 'mid', :p5 = 'old'

            MySQL:
            SELECT `sql_members`.`name`, CASE WHEN (`sql_members`.`age` < :p1) THEN :p2
              WHEN (`sql_members`.`age` < :p3) THEN :p4 ELSE :p5 END AS `bucket`
            FROM `sql_members`
            ORDER BY `sql_members`.`id` ASC
            -- :p1 = 30, :p2 = 'young', :p3 = 40, :p4 = 'mid', :p5 = 'old'

            OddTest:
            SELECT ⟦sql_members⟧.⟦name⟧, CASE WHEN (⟦sql_members⟧.⟦age⟧ < &1) THEN &2
              WHEN (⟦sql_members⟧.⟦age⟧ < &3) THEN &4 ELSE &5 END AS ⟦bucket⟧
            FROM ⟦sql_members⟧
            ORDER BY ⟦sql_members⟧.⟦id⟧ ASC
            -- &1 = 30, &2 = 'young', &3 = 40, &4 = 'mid', &5 = 'old'
            """
        }
    }

    @Test func union() {
        assertInlineSnapshot(of: ConstructCases.union, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."name"
            FROM "sql_members"
            WHERE ("sql_members"."age" > :p1)
            UNION SELECT "sql_teams"."name"
            FROM "sql_teams"
            LIMIT 10
            -- :p1 = 20

            MySQL:
            SELECT `sql_members`.`name`
            FROM `sql_members`
            WHERE (`sql_members`.`age` > :p1)
            UNION SELECT `sql_teams`.`name`
            FROM `sql_teams`
            LIMIT 10
            -- :p1 = 20

            OddTest:
            SELECT ⟦sql_members⟧.⟦name⟧
            FROM ⟦sql_members⟧
            WHERE (⟦sql_members⟧.⟦age⟧ > &1)
            UNION SELECT ⟦sql_teams⟧.⟦name⟧
            FROM ⟦sql_teams⟧
            LIMIT 10
            -- &1 = 20
            """
        }
    }

    @Test func unionAll() {
        assertInlineSnapshot(of: ConstructCases.unionAll, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."team_id"
            FROM "sql_members"
            UNION ALL SELECT "sql_members"."team_id"
            FROM "sql_members"

            MySQL:
            SELECT `sql_members`.`team_id`
            FROM `sql_members`
            UNION ALL SELECT `sql_members`.`team_id`
            FROM `sql_members`

            OddTest:
            SELECT ⟦sql_members⟧.⟦team_id⟧
            FROM ⟦sql_members⟧
            UNION ALL SELECT ⟦sql_members⟧.⟦team_id⟧
            FROM ⟦sql_members⟧
            """
        }
    }

    @Test func intersect() {
        assertInlineSnapshot(of: ConstructCases.intersect, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            INTERSECT SELECT "sql_teams"."id"
            FROM "sql_teams"

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            INTERSECT SELECT `sql_teams`.`id`
            FROM `sql_teams`

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            INTERSECT SELECT ⟦sql_teams⟧.⟦id⟧
            FROM ⟦sql_teams⟧
            """
        }
    }

    @Test func except() {
        assertInlineSnapshot(of: ConstructCases.except, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            EXCEPT SELECT "sql_teams"."id"
            FROM "sql_teams"

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            EXCEPT SELECT `sql_teams`.`id`
            FROM `sql_teams`

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            EXCEPT SELECT ⟦sql_teams⟧.⟦id⟧
            FROM ⟦sql_teams⟧
            """
        }
    }

    @Test func forUpdate() {
        assertInlineSnapshot(of: ConstructCases.forUpdate, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            WHERE ("sql_members"."id" = :p1) FOR UPDATE SKIP LOCKED
            -- :p1 = 1

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            WHERE (`sql_members`.`id` = :p1) FOR UPDATE SKIP LOCKED
            -- :p1 = 1

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            WHERE (⟦sql_members⟧.⟦id⟧ = &1) FOR UPDATE SKIP LOCKED
            -- &1 = 1
            """
        }
    }

    @Test func forShare() {
        assertInlineSnapshot(of: ConstructCases.forShare, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            ORDER BY "sql_members"."id" ASC
            LIMIT 1 FOR SHARE

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            ORDER BY `sql_members`.`id` ASC
            LIMIT 1 LOCK IN SHARE MODE

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            ORDER BY ⟦sql_members⟧.⟦id⟧ ASC
            LIMIT 1 FOR SHARE
            """
        }
    }

    @Test func forShareNowait() {
        assertInlineSnapshot(of: ConstructCases.forShareNowait, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members" FOR SHARE NOWAIT

            MySQL: error: MySQL does not support LOCK IN SHARE MODE NOWAIT

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧ FOR SHARE NOWAIT
            """
        }
    }

    @Test func alterAddColumn() {
        assertInlineSnapshot(of: ConstructCases.alterAddColumn, as: .sql) {
            """
            PostgreSQL:
            ALTER TABLE "sql_members" ADD COLUMN "email" varchar(80) DEFAULT ('none')

            MySQL:
            ALTER TABLE `sql_members` ADD COLUMN `email` VARCHAR(80) DEFAULT ('none')

            OddTest:
            ALTER TABLE ⟦sql_members⟧ ADD COLUMN ⟦email⟧ ODD_VARCHAR80 DEFAULT ('none')
            """
        }
    }

    @Test func alterRenameColumn() {
        assertInlineSnapshot(of: ConstructCases.alterRenameColumn, as: .sql) {
            """
            PostgreSQL:
            ALTER TABLE "sql_members" RENAME COLUMN "email" TO "mail"

            MySQL:
            ALTER TABLE `sql_members` RENAME COLUMN `email` TO `mail`

            OddTest:
            ALTER TABLE ⟦sql_members⟧ RENAME COLUMN ⟦email⟧ TO ⟦mail⟧
            """
        }
    }

    @Test func alterDropColumn() {
        assertInlineSnapshot(of: ConstructCases.alterDropColumn, as: .sql) {
            """
            PostgreSQL:
            ALTER TABLE "sql_members" DROP COLUMN "mail"

            MySQL:
            ALTER TABLE `sql_members` DROP COLUMN `mail`

            OddTest:
            ALTER TABLE ⟦sql_members⟧ DROP COLUMN ⟦mail⟧
            """
        }
    }

    @Test func addIndex() {
        assertInlineSnapshot(of: ConstructCases.addIndex, as: .sql) {
            """
            PostgreSQL:
            CREATE UNIQUE INDEX "sql_members_name" ON "sql_members" ("name", "age")

            MySQL:
            CREATE UNIQUE INDEX `sql_members_name` ON `sql_members` (`name`, `age`)

            OddTest:
            CREATE UNIQUE INDEX ⟦sql_members_name⟧ ON ⟦sql_members⟧ (⟦name⟧, ⟦age⟧)
            """
        }
    }

    @Test func addIndexIfNotExists() {
        assertInlineSnapshot(of: ConstructCases.addIndexIfNotExists, as: .sql) {
            """
            PostgreSQL:
            CREATE INDEX IF NOT EXISTS "sql_members_age" ON "sql_members" ("age")

            MySQL: error: MySQL does not support CREATE INDEX IF NOT EXISTS

            OddTest: error: OddTest does not support CREATE INDEX IF NOT EXISTS
            """
        }
    }

    @Test func dropType() {
        assertInlineSnapshot(of: ConstructCases.dropType, as: .sql) {
            """
            PostgreSQL:
            DROP TYPE IF EXISTS "sql_owner_mood"

            MySQL: error: MySQL does not support DROP TYPE (enums are declared inline)

            OddTest: error: OddTest does not support DROP TYPE (enums are declared inline)
            """
        }
    }

    @Test func createTypeIfNotExists() {
        assertInlineSnapshot(of: ConstructCases.createTypeIfNotExists, as: .sql) {
            """
            PostgreSQL:
            DO $$ BEGIN CREATE TYPE "sql_owner_mood" AS ENUM ('admin', 'member'); EXCEPTION
              WHEN duplicate_object THEN NULL; END $$

            MySQL: error: MySQL does not support CREATE TYPE without failing on an existing type

            OddTest: error: OddTest does not support CREATE TYPE without failing on an existing type
            """
        }
    }

    @Test func createTableIfNotExistsWithIndexes() {
        assertInlineSnapshot(of: ConstructCases.createTableIfNotExistsWithIndexes, as: .sql) {
            """
            PostgreSQL:
            CREATE TABLE IF NOT EXISTS "sql_owners" ("id" bigint NOT NULL, "name" varchar(50) NOT NULL,
              "mood" "sql_owner_mood" NOT NULL, PRIMARY KEY ("id"))

            MySQL:
            CREATE TABLE IF NOT EXISTS `sql_owners` (`id` BIGINT NOT NULL, `name` VARCHAR(50) NOT NULL,
              `mood` ENUM('admin', 'member') NOT NULL, PRIMARY KEY (`id`), INDEX `sql_owners_name` (`name`),
              UNIQUE INDEX `sql_owners_name_mood` (`name`, `mood`))

            OddTest:
            CREATE TABLE IF NOT EXISTS ⟦sql_owners⟧ (⟦id⟧ ODD_BIGINT NOT NULL, ⟦name⟧ ODD_VARCHAR50 NOT NULL,
              ⟦mood⟧ ODDENUM('admin'|'member') NOT NULL, PRIMARY KEY (⟦id⟧), INDEX ⟦sql_owners_name⟧ (⟦name⟧),
              UNIQUE INDEX ⟦sql_owners_name_mood⟧ (⟦name⟧, ⟦mood⟧))
            """
        }
    }

    @Test func createIndexIfNotExists() {
        assertInlineSnapshot(of: ConstructCases.createIndexIfNotExists, as: .sql) {
            """
            PostgreSQL:
            CREATE UNIQUE INDEX IF NOT EXISTS "sql_owners_name_mood" ON "sql_owners" ("name", "mood")

            MySQL: error: MySQL does not support CREATE INDEX IF NOT EXISTS

            OddTest: error: OddTest does not support CREATE INDEX IF NOT EXISTS
            """
        }
    }

    @Test func unionOfALimitedMember() {
        assertInlineSnapshot(of: ConstructCases.unionOfALimitedMember, as: .sql) {
            """
            PostgreSQL:
            (SELECT "sql_members"."name" FROM "sql_members" ORDER BY "sql_members"."age" DESC LIMIT 1)
            UNION SELECT "sql_teams"."name"
            FROM "sql_teams"

            MySQL:
            (SELECT `sql_members`.`name` FROM `sql_members` ORDER BY `sql_members`.`age` DESC LIMIT 1)
            UNION SELECT `sql_teams`.`name`
            FROM `sql_teams`

            OddTest:
            (SELECT ⟦sql_members⟧.⟦name⟧ FROM ⟦sql_members⟧ ORDER BY ⟦sql_members⟧.⟦age⟧ DESC LIMIT 1)
            UNION SELECT ⟦sql_teams⟧.⟦name⟧
            FROM ⟦sql_teams⟧
            """
        }
    }

    @Test func commonTable() {
        assertInlineSnapshot(of: ConstructCases.commonTable, as: .sql) {
            """
            PostgreSQL:
            WITH "sql_team_sizes" ("team_id", "n") AS (SELECT "sql_members"."team_id", COUNT(*)
              FROM "sql_members" GROUP BY "sql_members"."team_id") SELECT "sql_team_sizes"."team_id",
              "sql_team_sizes"."n"
            FROM "sql_team_sizes"
            WHERE ("sql_team_sizes"."n" > :p1)
            ORDER BY "sql_team_sizes"."team_id" ASC
            -- :p1 = 1

            MySQL:
            WITH `sql_team_sizes` (`team_id`, `n`) AS (SELECT `sql_members`.`team_id`, COUNT(*)
              FROM `sql_members` GROUP BY `sql_members`.`team_id`) SELECT `sql_team_sizes`.`team_id`,
              `sql_team_sizes`.`n`
            FROM `sql_team_sizes`
            WHERE (`sql_team_sizes`.`n` > :p1)
            ORDER BY `sql_team_sizes`.`team_id` ASC
            -- :p1 = 1

            OddTest:
            WITH ⟦sql_team_sizes⟧ (⟦team_id⟧, ⟦n⟧) AS (SELECT ⟦sql_members⟧.⟦team_id⟧, COUNT(*)
              FROM ⟦sql_members⟧ GROUP BY ⟦sql_members⟧.⟦team_id⟧) SELECT ⟦sql_team_sizes⟧.⟦team_id⟧,
              ⟦sql_team_sizes⟧.⟦n⟧
            FROM ⟦sql_team_sizes⟧
            WHERE (⟦sql_team_sizes⟧.⟦n⟧ > &1)
            ORDER BY ⟦sql_team_sizes⟧.⟦team_id⟧ ASC
            -- &1 = 1
            """
        }
    }

    @Test func recursiveCommonTable() {
        assertInlineSnapshot(of: ConstructCases.recursiveCommonTable, as: .sql) {
            """
            PostgreSQL:
            WITH RECURSIVE "sql_counter" ("n") AS (SELECT "sql_teams"."id" FROM "sql_teams"
              WHERE ("sql_teams"."id" = :p1) UNION ALL SELECT ("sql_counter"."n" + :p2) FROM "sql_counter"
              WHERE ("sql_counter"."n" < :p3)) SELECT "sql_counter"."n"
            FROM "sql_counter"
            -- :p1 = 1, :p2 = 1, :p3 = 5

            MySQL:
            WITH RECURSIVE `sql_counter` (`n`) AS (SELECT `sql_teams`.`id` FROM `sql_teams`
              WHERE (`sql_teams`.`id` = :p1) UNION ALL SELECT (`sql_counter`.`n` + :p2) FROM `sql_counter`
              WHERE (`sql_counter`.`n` < :p3)) SELECT `sql_counter`.`n`
            FROM `sql_counter`
            -- :p1 = 1, :p2 = 1, :p3 = 5

            OddTest:
            WITH RECURSIVE ⟦sql_counter⟧ (⟦n⟧) AS (SELECT ⟦sql_teams⟧.⟦id⟧ FROM ⟦sql_teams⟧
              WHERE (⟦sql_teams⟧.⟦id⟧ = &1) UNION ALL SELECT (⟦sql_counter⟧.⟦n⟧ + &2) FROM ⟦sql_counter⟧
              WHERE (⟦sql_counter⟧.⟦n⟧ < &3)) SELECT ⟦sql_counter⟧.⟦n⟧
            FROM ⟦sql_counter⟧
            -- &1 = 1, &2 = 1, &3 = 5
            """
        }
    }

    @Test func rightJoin() {
        assertInlineSnapshot(of: ConstructCases.rightJoin, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."name", "sql_teams"."name"
            FROM "sql_members"
            RIGHT JOIN "sql_teams" ON ("sql_members"."team_id" = "sql_teams"."id")

            MySQL:
            SELECT `sql_members`.`name`, `sql_teams`.`name`
            FROM `sql_members`
            RIGHT JOIN `sql_teams` ON (`sql_members`.`team_id` = `sql_teams`.`id`)

            OddTest:
            SELECT ⟦sql_members⟧.⟦name⟧, ⟦sql_teams⟧.⟦name⟧
            FROM ⟦sql_members⟧
            RIGHT JOIN ⟦sql_teams⟧ ON (⟦sql_members⟧.⟦team_id⟧ = ⟦sql_teams⟧.⟦id⟧)
            """
        }
    }

    @Test func fullJoin() {
        assertInlineSnapshot(of: ConstructCases.fullJoin, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."name", "sql_teams"."name"
            FROM "sql_members"
            FULL JOIN "sql_teams" ON ("sql_members"."team_id" = "sql_teams"."id")

            MySQL: error: MySQL does not support FULL JOIN

            OddTest: error: OddTest does not support FULL JOIN
            """
        }
    }

    @Test func crossJoin() {
        assertInlineSnapshot(of: ConstructCases.crossJoin, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id", "sql_teams"."id"
            FROM "sql_members"
            CROSS JOIN "sql_teams"
            WHERE ("sql_members"."id" = :p1)
            -- :p1 = 1

            MySQL:
            SELECT `sql_members`.`id`, `sql_teams`.`id`
            FROM `sql_members`
            CROSS JOIN `sql_teams`
            WHERE (`sql_members`.`id` = :p1)
            -- :p1 = 1

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧, ⟦sql_teams⟧.⟦id⟧
            FROM ⟦sql_members⟧
            CROSS JOIN ⟦sql_teams⟧
            WHERE (⟦sql_members⟧.⟦id⟧ = &1)
            -- &1 = 1
            """
        }
    }

    @Test func distinctOn() {
        assertInlineSnapshot(of: ConstructCases.distinctOn, as: .sql) {
            """
            PostgreSQL:
            SELECT DISTINCT ON ("sql_members"."team_id") "sql_members"."team_id", "sql_members"."name"
            FROM "sql_members"
            ORDER BY "sql_members"."team_id" ASC, "sql_members"."age" DESC

            MySQL: error: MySQL does not support DISTINCT ON

            OddTest: error: OddTest does not support DISTINCT ON
            """
        }
    }

    @Test func upsertWithAnExpression() {
        assertInlineSnapshot(of: ConstructCases.upsertWithAnExpression, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_members" ("id", "team_id", "name", "nickname", "age")
            VALUES (:p1, :p2, :p3, :p4, :p5)
            ON CONFLICT ("id") DO UPDATE
            SET "age" = ("sql_members"."age" + EXCLUDED."age"), "nickname" = EXCLUDED."name"
            -- :p1 = 1, :p2 = 1, :p3 = 'ann', :p4 = NULL, :p5 = 5

            MySQL:
            INSERT INTO `sql_members` (`id`, `team_id`, `name`, `nickname`, `age`)
            VALUES (:p1, :p2, :p3, :p4, :p5)
            ON DUPLICATE KEY UPDATE `age` = (`sql_members`.`age` + VALUES(`age`)), `nickname` = VALUES(`name`)
            -- :p1 = 1, :p2 = 1, :p3 = 'ann', :p4 = NULL, :p5 = 5

            OddTest: error: OddTest does not support upsert
            """
        }
    }

    @Test func windowFunctions() {
        assertInlineSnapshot(of: ConstructCases.windowFunctions, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."name",
              ROW_NUMBER() OVER (PARTITION BY "sql_members"."team_id" ORDER BY "sql_members"."age" DESC) AS "n",
              SUM("sql_members"."age") OVER (PARTITION BY "sql_members"."team_id") AS "team_age",
              RANK() OVER (ORDER BY "sql_members"."team_id" ASC NULLS FIRST) AS "r"
            FROM "sql_members"
            ORDER BY "sql_members"."id" ASC

            MySQL:
            SELECT `sql_members`.`name`,
              ROW_NUMBER() OVER (PARTITION BY `sql_members`.`team_id` ORDER BY `sql_members`.`age` DESC) AS `n`,
              SUM(`sql_members`.`age`) OVER (PARTITION BY `sql_members`.`team_id`) AS `team_age`,
              RANK() OVER (ORDER BY (`sql_members`.`team_id` IS NULL) DESC, `sql_members`.`team_id` ASC) AS `r`
            FROM `sql_members`
            ORDER BY `sql_members`.`id` ASC

            OddTest:
            SELECT ⟦sql_members⟧.⟦name⟧,
              ROW_NUMBER() OVER (PARTITION BY ⟦sql_members⟧.⟦team_id⟧ ORDER BY ⟦sql_members⟧.⟦age⟧ DESC) AS ⟦n⟧,
              SUM(⟦sql_members⟧.⟦age⟧) OVER (PARTITION BY ⟦sql_members⟧.⟦team_id⟧) AS ⟦team_age⟧,
              RANK() OVER (ORDER BY ⟦sql_members⟧.⟦team_id⟧ ASC NULLS FIRST) AS ⟦r⟧
            FROM ⟦sql_members⟧
            ORDER BY ⟦sql_members⟧.⟦id⟧ ASC
            """
        }
    }

    @Test func insertSelect() {
        assertInlineSnapshot(of: ConstructCases.insertSelect, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_teams" ("id", "name") SELECT ("sql_members"."id" + :p1), "sql_members"."name"
            FROM "sql_members"
            WHERE ("sql_members"."age" >= :p2)
            -- :p1 = 10, :p2 = 30

            MySQL:
            INSERT INTO `sql_teams` (`id`, `name`) SELECT (`sql_members`.`id` + :p1), `sql_members`.`name`
            FROM `sql_members`
            WHERE (`sql_members`.`age` >= :p2)
            -- :p1 = 10, :p2 = 30

            OddTest:
            INSERT INTO ⟦sql_teams⟧ (⟦id⟧, ⟦name⟧) SELECT (⟦sql_members⟧.⟦id⟧ + &1), ⟦sql_members⟧.⟦name⟧
            FROM ⟦sql_members⟧
            WHERE (⟦sql_members⟧.⟦age⟧ >= &2)
            -- &1 = 10, &2 = 30
            """
        }
    }

    @Test func keysetPage() {
        assertInlineSnapshot(of: ConstructCases.keysetPage, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id", "sql_members"."team_id", "sql_members"."name", "sql_members"."nickname",
              "sql_members"."age"
            FROM "sql_members"
            WHERE (("sql_members"."age" < :p1) OR (("sql_members"."age" = :p2) AND ("sql_members"."id" > :p3)))
            ORDER BY "sql_members"."age" DESC, "sql_members"."id" ASC
            LIMIT 2
            -- :p1 = 30, :p2 = 30, :p3 = 1

            MySQL:
            SELECT `sql_members`.`id`, `sql_members`.`team_id`, `sql_members`.`name`, `sql_members`.`nickname`,
              `sql_members`.`age`
            FROM `sql_members`
            WHERE ((`sql_members`.`age` < :p1) OR ((`sql_members`.`age` = :p2) AND (`sql_members`.`id` > :p3)))
            ORDER BY `sql_members`.`age` DESC, `sql_members`.`id` ASC
            LIMIT 2
            -- :p1 = 30, :p2 = 30, :p3 = 1

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧, ⟦sql_members⟧.⟦team_id⟧, ⟦sql_members⟧.⟦name⟧, ⟦sql_members⟧.⟦nickname⟧,
              ⟦sql_members⟧.⟦age⟧
            FROM ⟦sql_members⟧
            WHERE ((⟦sql_members⟧.⟦age⟧ < &1) OR ((⟦sql_members⟧.⟦age⟧ = &2) AND (⟦sql_members⟧.⟦id⟧ > &3)))
            ORDER BY ⟦sql_members⟧.⟦age⟧ DESC, ⟦sql_members⟧.⟦id⟧ ASC
            LIMIT 2
            -- &1 = 30, &2 = 30, &3 = 1
            """
        }
    }

    @Test func jsonText() {
        assertInlineSnapshot(of: ConstructCases.jsonText, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_docs"."id"
            FROM "sql_docs"
            WHERE (("sql_docs"."body" ->> :p1) = :p2)
            -- :p1 = 'theme', :p2 = 'dark'

            MySQL:
            SELECT `sql_docs`.`id`
            FROM `sql_docs`
            WHERE (JSON_UNQUOTE(JSON_EXTRACT(`sql_docs`.`body`, :p1)) = :p2)
            -- :p1 = '$."theme"', :p2 = 'dark'

            OddTest:
            SELECT ⟦sql_docs⟧.⟦id⟧
            FROM ⟦sql_docs⟧
            WHERE ((⟦sql_docs⟧.⟦body⟧ ->> &1) = &2)
            -- &1 = 'theme', &2 = 'dark'
            """
        }
    }

    @Test func caseSensitivity() {
        assertInlineSnapshot(of: ConstructCases.caseSensitivity, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_members"."id"
            FROM "sql_members"
            WHERE (((LOWER("sql_members"."name") = LOWER(:p1)) OR ("sql_members"."name" = :p2))
              OR LOWER("sql_members"."name") LIKE LOWER(:p3))
            -- :p1 = 'ANN', :p2 = 'Bob', :p3 = 'C%'

            MySQL:
            SELECT `sql_members`.`id`
            FROM `sql_members`
            WHERE (((LOWER(`sql_members`.`name`) = LOWER(:p1)) OR (`sql_members`.`name` = CAST(:p2 AS BINARY)))
              OR LOWER(`sql_members`.`name`) LIKE LOWER(:p3))
            -- :p1 = 'ANN', :p2 = 'Bob', :p3 = 'C%'

            OddTest:
            SELECT ⟦sql_members⟧.⟦id⟧
            FROM ⟦sql_members⟧
            WHERE (((LOWER(⟦sql_members⟧.⟦name⟧) = LOWER(&1)) OR (⟦sql_members⟧.⟦name⟧ = &2))
              OR LOWER(⟦sql_members⟧.⟦name⟧) LIKE LOWER(&3))
            -- &1 = 'ANN', &2 = 'Bob', &3 = 'C%'
            """
        }
    }

    @Test func dates() {
        assertInlineSnapshot(of: ConstructCases.dates, as: .sql) {
            """
            PostgreSQL:
            SELECT EXTRACT(YEAR FROM "sql_events"."at"), FLOOR(EXTRACT(SECOND FROM "sql_events"."at"))
            FROM "sql_events"
            WHERE (("sql_events"."at" + :p1 * INTERVAL '1 DAY') > ("sql_events"."day" + :p2 * INTERVAL '1 MONTH'))
            -- :p1 = 3, :p2 = -1

            MySQL:
            SELECT EXTRACT(YEAR FROM `sql_events`.`at`), FLOOR(EXTRACT(SECOND FROM `sql_events`.`at`))
            FROM `sql_events`
            WHERE (DATE_ADD(`sql_events`.`at`, INTERVAL :p1 DAY) > DATE_ADD(`sql_events`.`day`,
              INTERVAL :p2 MONTH))
            -- :p1 = 3, :p2 = -1

            OddTest:
            SELECT EXTRACT(YEAR FROM ⟦sql_events⟧.⟦at⟧), FLOOR(EXTRACT(SECOND FROM ⟦sql_events⟧.⟦at⟧))
            FROM ⟦sql_events⟧
            WHERE ((⟦sql_events⟧.⟦at⟧ + &1 * INTERVAL '1 DAY') > (⟦sql_events⟧.⟦day⟧ + &2 * INTERVAL '1 MONTH'))
            -- &1 = 3, &2 = -1
            """
        }
    }

    @Test func partialIndex() {
        assertInlineSnapshot(of: ConstructCases.partialIndex, as: .sql) {
            """
            PostgreSQL:
            CREATE UNIQUE INDEX "sql_members_adult_name" ON "sql_members" ("name")
            WHERE ("age" >= 18)

            MySQL: error: MySQL does not support partial indexes

            OddTest: error: OddTest does not support partial indexes
            """
        }
    }

    @Test func upsertOnAPartialIndex() {
        assertInlineSnapshot(of: ConstructCases.upsertOnAPartialIndex, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_members" ("id", "team_id", "name", "nickname", "age")
            VALUES (:p1, :p2, :p3, :p4, :p5)
            ON CONFLICT ("name")
            WHERE ("age" >= 18) DO UPDATE
            SET "nickname" = EXCLUDED."nickname"
            -- :p1 = 9, :p2 = NULL, :p3 = 'bob', :p4 = 'again', :p5 = 41

            MySQL: error: MySQL does not support a conflict target with WHERE

            OddTest: error: OddTest does not support upsert
            """
        }
    }

    @Test func derivedTable() {
        assertInlineSnapshot(of: ConstructCases.derivedTable, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_team_sizes"."team_id", "sql_team_sizes"."n"
            FROM (SELECT "sql_members"."team_id" AS "team_id", COUNT(*) AS "n"
              FROM "sql_members" GROUP BY "sql_members"."team_id") AS "sql_team_sizes"
            WHERE ("sql_team_sizes"."n" > :p1)
            -- :p1 = 1

            MySQL:
            SELECT `sql_team_sizes`.`team_id`, `sql_team_sizes`.`n`
            FROM (SELECT `sql_members`.`team_id` AS `team_id`, COUNT(*) AS `n`
              FROM `sql_members` GROUP BY `sql_members`.`team_id`) AS `sql_team_sizes`
            WHERE (`sql_team_sizes`.`n` > :p1)
            -- :p1 = 1

            OddTest:
            SELECT ⟦sql_team_sizes⟧.⟦team_id⟧, ⟦sql_team_sizes⟧.⟦n⟧
            FROM (SELECT ⟦sql_members⟧.⟦team_id⟧ AS ⟦team_id⟧, COUNT(*) AS ⟦n⟧
              FROM ⟦sql_members⟧ GROUP BY ⟦sql_members⟧.⟦team_id⟧) AS ⟦sql_team_sizes⟧
            WHERE (⟦sql_team_sizes⟧.⟦n⟧ > &1)
            -- &1 = 1
            """
        }
    }

    @Test func insertDefaultMarker() {
        assertInlineSnapshot(of: ConstructCases.insertDefaultMarker, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_gizmos" ("id", "label")
            VALUES (:p1, :p2)
            -- :p1 = 1, :p2 = 'x'

            MySQL:
            INSERT INTO `sql_gizmos` (`id`, `label`)
            VALUES (:p1, :p2)
            -- :p1 = 1, :p2 = 'x'

            OddTest:
            INSERT INTO ⟦sql_gizmos⟧ (⟦id⟧, ⟦label⟧)
            VALUES (&1, &2)
            -- &1 = 1, &2 = 'x'
            """
        }
    }

    @Test func multiRowInsertDefaultMarker() {
        assertInlineSnapshot(of: ConstructCases.multiRowInsertDefaultMarker, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_gizmos" ("id", "size")
            VALUES (:p1, DEFAULT), (:p2, :p3)
            -- :p1 = 2, :p2 = 3, :p3 = 5

            MySQL:
            INSERT INTO `sql_gizmos` (`id`, `size`)
            VALUES (:p1, DEFAULT), (:p2, :p3)
            -- :p1 = 2, :p2 = 3, :p3 = 5

            OddTest:
            INSERT INTO ⟦sql_gizmos⟧ (⟦id⟧, ⟦size⟧)
            VALUES (&1, DEFAULT), (&2, &3)
            -- &1 = 2, &2 = 3, &3 = 5
            """
        }
    }

    @Test func severalRowsOfDefaultsOnly() {
        assertInlineSnapshot(of: ConstructCases.severalRowsOfDefaultsOnly, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_tallies" ("id")
            VALUES (DEFAULT), (DEFAULT)

            MySQL:
            INSERT INTO `sql_tallies` ()
            VALUES (), ()

            OddTest:
            INSERT INTO ⟦sql_tallies⟧ ()
            VALUES (), ()
            """
        }
    }

    @Test func jsonMemberAsJson() {
        assertInlineSnapshot(of: ConstructCases.jsonMemberAsJson, as: .sql) {
            """
            PostgreSQL:
            SELECT "sql_docs"."id"
            FROM "sql_docs"
            WHERE ((CAST("sql_docs"."body" AS jsonb) -> :p1) = CAST(:p2 AS jsonb))
            -- :p1 = 'tags', :p2 = '["a"]' (JSON)

            MySQL:
            SELECT `sql_docs`.`id`
            FROM `sql_docs`
            WHERE (CAST(JSON_EXTRACT(`sql_docs`.`body`, :p1) AS BINARY) = CAST(JSON_EXTRACT(:p2,
              '$') AS BINARY))
            -- :p1 = '$."tags"', :p2 = '["a"]' (JSON)

            OddTest:
            SELECT ⟦sql_docs⟧.⟦id⟧
            FROM ⟦sql_docs⟧
            WHERE ((CAST(⟦sql_docs⟧.⟦body⟧ AS ODD_JSONB) -> &1) = CAST(&2 AS ODD_JSONB))
            -- &1 = 'tags', &2 = '["a"]' (JSON)
            """
        }
    }

    @Test func jsonMembersChained() {
        assertInlineSnapshot(of: ConstructCases.jsonMembersChained, as: .sql) {
            """
            PostgreSQL:
            SELECT (("sql_profiles"."data" -> :p1) ->> :p2), (("sql_profiles"."data" -> :p3) -> :p4)
            FROM "sql_profiles"
            WHERE (("sql_profiles"."data" -> :p5) = CAST(:p6 AS jsonb))
            -- :p1 = 'settings', :p2 = 'theme', :p3 = 'settings', :p4 = 'tags', :p5 = 'rank', :p6 = '2' (JSON)

            MySQL:
            SELECT JSON_UNQUOTE(JSON_EXTRACT(JSON_EXTRACT(`sql_profiles`.`data`, :p1), :p2)),
              JSON_EXTRACT(JSON_EXTRACT(`sql_profiles`.`data`, :p3), :p4)
            FROM `sql_profiles`
            WHERE (CAST(JSON_EXTRACT(`sql_profiles`.`data`, :p5) AS BINARY) = CAST(JSON_EXTRACT(:p6,
              '$') AS BINARY))
            -- :p1 = '$."settings"', :p2 = '$."theme"', :p3 = '$."settings"', :p4 = '$."tags"', :p5 = '$."rank"',
            -- :p6 = '2' (JSON)

            OddTest:
            SELECT ((⟦sql_profiles⟧.⟦data⟧ -> &1) ->> &2), ((⟦sql_profiles⟧.⟦data⟧ -> &3) -> &4)
            FROM ⟦sql_profiles⟧
            WHERE ((⟦sql_profiles⟧.⟦data⟧ -> &5) = CAST(&6 AS ODD_JSONB))
            -- &1 = 'settings', &2 = 'theme', &3 = 'settings', &4 = 'tags', &5 = 'rank', &6 = '2' (JSON)
            """
        }
    }

    @Test func upsertAddingToTheRow() {
        assertInlineSnapshot(of: ConstructCases.upsertAddingToTheRow, as: .sql) {
            """
            PostgreSQL:
            INSERT INTO "sql_stocks" ("sku", "qty")
            VALUES (:p1, :p2)
            ON CONFLICT ("sku") DO UPDATE
            SET "qty" = ("sql_stocks"."qty" + EXCLUDED."qty")
            -- :p1 = 'a', :p2 = 2

            MySQL:
            INSERT INTO `sql_stocks` (`sku`, `qty`)
            VALUES (:p1, :p2)
            ON DUPLICATE KEY UPDATE `qty` = (`sql_stocks`.`qty` + VALUES(`qty`))
            -- :p1 = 'a', :p2 = 2

            OddTest: error: OddTest does not support upsert
            """
        }
    }
}
