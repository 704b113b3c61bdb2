using Ioc.Collectors;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Simulator.Tests;

/// <summary>
/// The definitions in the repository's collectors/ folder, run against the simulator: every mapped path exists
/// and every point is storable, with the measurements, tags and fields the dashboards are built on.
/// </summary>
public sealed class ShippedCollectorsTests : IClassFixture<SimulatorEndpointsTests.Server>
{
    private static readonly Dictionary<string, (string[] Tags, string[] Fields)> Contract = new()
    {
        ["dvc_services"] = (["scope"], ["total", "full_online", "partial_online", "other", "on_national_portal"]),
        ["dvc_records"] = (["unit", "unit_name", "level"], ["received_today", "received_online_today", "received_ytd", "received_online_ytd", "online_rate", "on_time_rate"]),
        ["edoc_exchange"] = (["level"], ["sent_today", "received_today", "electronic_rate", "electronic_today", "signed_today", "signed_rate"]),
        ["dvc_records_sector"] = (["unit", "unit_name", "level", "sector", "sector_name"], ["received_today", "received_online_today", "received_ytd", "received_online_ytd", "online_rate"]),
        ["digital_signatures"] = (["scope"], ["certificates", "agencies", "pki_sims", "public_signatures"]),
        ["infosec_approvals"] = (["scope"], ["systems", "approved", "approved_rate", "target_rate"]),
        ["broadband_units"] = (["unit", "unit_name", "level"], ["villages", "villages_with_broadband", "village_broadband_rate", "bts_stations", "households", "households_with_broadband", "household_broadband_rate"]),
        ["telecom_province"] = (["scope"], ["coverage_4g_rate", "mobile_per_100", "fixed_broadband_per_100", "bts_new_ytd"]),
        ["dti_ranking"] = (["scope"], ["year", "score", "rank", "provinces"]),
        ["digital_economy"] = (["scope"], ["year", "grdp_share", "rank", "provinces"]),
        ["ocop_ecommerce"] = (["scope"], ["year", "products", "on_ecommerce", "on_ecommerce_share"]),
        ["community_tech_teams"] = (["scope", "tier", "tier_name"], ["teams", "members"]),
        ["payments_online"] = (["scope"], ["transactions_today", "amount_today_vnd", "transactions_ytd", "amount_ytd_vnd", "procedures_with_payment", "procedures_with_fees"]),
        ["eid_accounts"] = (["unit", "unit_name", "level"], ["level1", "level2", "adult_coverage_rate"]),
        ["service_index_inputs"] = (["unit", "unit_name", "level"], ["procedures_total", "procedures_announced_on_time", "procedures_published_complete", "procedures_online_full", "procedures_online_partial", "procedures_online", "records_received", "records_synchronised", "records_settled", "records_settled_on_time", "records_settled_late", "settlement_days", "legal_days", "records_digitised", "results_digitised", "digitised_reused", "records_online", "records_with_fees", "records_paid_online", "ratings", "ratings_satisfied"]),
    };

    // Measurements broken down by agency as well as by unit: the agencies' points carry these tags instead.
    private static readonly Dictionary<string, string[]> AgencyTags = new()
    {
        ["service_index_inputs"] = ["agency", "agency_name", "level"],
    };

    private readonly SimulatorEndpointsTests.Server _server;

    public ShippedCollectorsTests(SimulatorEndpointsTests.Server server) => _server = server;

    [Fact]
    public async Task EveryShippedCollector_ReadsTheSimulator_IntoValidPointsOfTheDashboardContract()
    {
        var definitions = CollectorDefinitionLoader.LoadDirectory(
            Path.Combine(RepositoryRoot(), "collectors"),
            new Dictionary<string, string> { ["SIMULATOR_URL"] = _server.Client.BaseAddress!.ToString().TrimEnd('/') });
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();
        var catalog = CollectorCatalog.Build(definitions, services.GetServices<ICollectorKind>());
        var slot = SimulatorEndpointsTests.Server.Now;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Figures entered by hand (kind manual) are not read from the simulator.
        foreach (var definition in catalog.Definitions.Where(d => d.IsScheduled))
        {
            Assert.True(catalog.TryGet(definition.Id, out _, out var collector));
            var points = await collector.CollectAsync(new CollectContext(definition.Id, slot), CancellationToken.None);
            Assert.NotEmpty(points);
            foreach (var point in points)
            {
                Assert.Null(MetricValidator.Default.Validate(point));
                Assert.Equal(UnixTime.ToNanoseconds(slot), point.Timestamp);
                Assert.True(Contract.TryGetValue(point.Measurement, out var expected), $"{definition.Source}: unexpected measurement {point.Measurement}");
                var tags = point.Tags.Select(t => t.Key).ToList();
                Assert.True(
                    tags.SequenceEqual(expected.Tags.Order(StringComparer.Ordinal))
                    || (AgencyTags.TryGetValue(point.Measurement, out var agency) && tags.SequenceEqual(agency.Order(StringComparer.Ordinal))),
                    $"{point.Measurement}: unexpected tags {string.Join(", ", tags)}");
                Assert.Equal(expected.Fields.Order(StringComparer.Ordinal), point.Fields.Select(f => f.Name));
                seen.Add(point.Measurement);
            }
        }

        Assert.Equal(Contract.Keys.Order(), seen.Order());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Ioc.sln above {AppContext.BaseDirectory}");
    }
}
