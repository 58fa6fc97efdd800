import DataAPI
import DataAPIClient
import DataAPILocal
import Foundation
import Testing

/// The three ways to configure a database: in code, from the environment, from one URL.
@Suite struct ConfigurationTests {
    static let cluster = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    static let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"

    static func rejects(_ url: String, part: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Database(url: url)
            Issue.record("accepted \(url)", sourceLocation: sourceLocation)
        } catch let e as DatabaseConfigurationError {
            #expect(e.part == part, "\(url): \(e)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func urlsNameEverything() throws {
        let pg = try Database(
            url: "postgresql+auroradataapi://us-east-1/app?resource_arn=\(Self.cluster)&secret_arn=\(Self.secret)")
        #expect(
            pg.configuration
                == DatabaseConfiguration(
                    resourceArn: Self.cluster, secretArn: Self.secret, database: "app",
                    engine: .postgreSQL, region: "us-east-1"))
        let my = try Database(
            url:
                "mysql+auroradataapi://:@/shop%20db?aurora_cluster_arn=\(Self.cluster)&aurora_secret_arn=\(Self.secret)"
                + "&endpoint=http://127.0.0.1:8080&time_zone=Europe/Paris")
        #expect(my.configuration.engine == .mySQL && my.configuration.database == "shop db")
        #expect(
            my.configuration.endpoint == "http://127.0.0.1:8080"
                && my.configuration.timeZone.identifier == "Europe/Paris")
        #expect(my.dialect.name == "MySQL")
        let bare = try Database(url: "postgres+dataapi:///?cluster_arn=\(Self.cluster)&secret_arn=\(Self.secret)")
        #expect(bare.configuration.database == nil && bare.configuration.region == nil)
    }

    @Test func malformedURLsNameTheWrongPart() {
        let q = "resource_arn=\(Self.cluster)&secret_arn=\(Self.secret)"
        Self.rejects("app?\(q)", part: "scheme")
        Self.rejects("sqlite+auroradataapi:///app?\(q)", part: "scheme")
        Self.rejects("postgresql://host/app?\(q)", part: "scheme")
        Self.rejects("postgresql+auroradataapi://admin:secret@/app?\(q)", part: "credentials")
        Self.rejects("postgresql+auroradataapi:///app?secret_arn=\(Self.secret)", part: "resource_arn")
        Self.rejects(
            "postgresql+auroradataapi:///app?resource_arn=arn:aws:rds:us-east-1:1:cluster:x&secret_arn=\(Self.secret)",
            part: "resource_arn")
        Self.rejects("postgresql+auroradataapi:///app?resource_arn=\(Self.cluster)", part: "secret_arn")
        Self.rejects(
            "postgresql+auroradataapi:///app?resource_arn=\(Self.cluster)&secret_arn=\(Self.cluster)",
            part: "secret_arn")
        Self.rejects("postgresql+auroradataapi://eu-west-1/app?\(q)", part: "region")
        Self.rejects("postgresql+auroradataapi://us-east-1/app?\(q)&region=us-west-2", part: "region")
        Self.rejects("postgresql+auroradataapi:///app?\(q)&endpoint=localhost:8080", part: "endpoint")
        Self.rejects("postgresql+auroradataapi:///app?\(q)&time_zone=Mars/Olympus", part: "time_zone")
        Self.rejects("postgresql+auroradataapi:///app?\(q)&schema=public", part: "schema")
        Self.rejects("postgresql+auroradataapi:///app?\(q)&secret_arn=\(Self.secret)", part: "secret_arn")
        Self.rejects("postgresql+auroradataapi:///a/b?\(q)", part: "database")
        Self.rejects("postgresql+auroradataapi:///\(String(repeating: "d", count: 65))?\(q)", part: "database")
    }

    @Test func theEnvironmentNamesWhatIsMissing() throws {
        func rejects(_ env: [String: String], part: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(throws: DatabaseConfigurationError.self, sourceLocation: sourceLocation) {
                try Database.fromEnvironment(env)
            }
            do { _ = try Database.fromEnvironment(env) } catch let e as DatabaseConfigurationError {
                #expect(e.part == part, sourceLocation: sourceLocation)
            } catch {}
        }
        rejects([:], part: "AURORA_CLUSTER_ARN")
        rejects(["AURORA_CLUSTER_ARN": Self.cluster], part: "AURORA_SECRET_ARN")
        rejects(["AURORA_CLUSTER_ARN": "nope", "AURORA_SECRET_ARN": Self.secret], part: "AURORA_CLUSTER_ARN")
        rejects(
            ["AURORA_CLUSTER_ARN": Self.cluster, "AURORA_SECRET_ARN": Self.secret, "AURORA_ENGINE": "oracle"],
            part: "AURORA_ENGINE")
        let db = try Database.fromEnvironment(["AURORA_CLUSTER_ARN": Self.cluster, "AURORA_SECRET_ARN": Self.secret,
                                               "AURORA_DATABASE": "app", "AURORA_ENGINE": "mysql"])
        #expect(
            db.configuration
                == DatabaseConfiguration(
                    resourceArn: Self.cluster, secretArn: Self.secret, database: "app", engine: .mySQL))
    }

    /// The client's own environment keeps working: endpoint and credentials come from
    /// `AWS_ENDPOINT_URL_RDS_DATA` and `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`.
    @Test func anEnvironmentConfiguredDatabaseRuns() async throws {
        let server = try await ExecutorFixture.shared.standardServer(DatabaseEngine.postgreSQL)
        let db = try Database.fromEnvironment([
            "AURORA_CLUSTER_ARN": DataAPILocalConfiguration.defaultClusterArn,
            "AURORA_SECRET_ARN": DataAPILocalConfiguration.defaultSecretArn,
            "AWS_ENDPOINT_URL_RDS_DATA": server.endpoint,
            "AWS_ACCESS_KEY_ID": DataAPILocalConfiguration.defaultAccessKeyId,
            "AWS_SECRET_ACCESS_KEY": DataAPILocalConfiguration.defaultSecretAccessKey,
        ])
        let rows = try await db.fetch("SELECT \(41) + 1 AS answer")
        #expect(try rows[0]["answer", as: Int64.self] == 42)
    }

    @Test func aConfigurationInCodeRuns() async throws {
        let server = try await ExecutorFixture.shared.standardServer(DatabaseEngine.mySQL)
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.endpoint, environment: [:]),
            credentialProvider: StaticCredentialProvider(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
        let db = Database(
            resourceArn: DataAPILocalConfiguration.defaultClusterArn,
            secretArn: DataAPILocalConfiguration.defaultSecretArn,
            engine: .mySQL, client: client)
        #expect(try await db.fetch("SELECT 1 AS one")[0]["one", as: Int.self] == 1)
        let fromURL = try Database(
            url: "mysql+auroradataapi:///?resource_arn=\(DataAPILocalConfiguration.defaultClusterArn)"
                + "&secret_arn=\(DataAPILocalConfiguration.defaultSecretArn)", client: client)
        #expect(try await fromURL.fetch("SELECT 2 AS two")[0]["two", as: Int.self] == 2)
    }
}
