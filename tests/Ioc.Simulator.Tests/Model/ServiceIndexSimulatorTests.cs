using System.Text.Json.Nodes;
using Ioc.Simulator.Model;

namespace Ioc.Simulator.Tests.Model;

/// <summary>The counts behind the national service index add up as the portal reports them.</summary>
public sealed class ServiceIndexSimulatorTests : IClassFixture<SimulatorEndpointsTests.Server>
{
    private static readonly DateTimeOffset At = new(2025, 10, 15, 10, 30, 0, TimeSpan.FromHours(7));

    private readonly SimulatorEndpointsTests.Server _server;

    public ServiceIndexSimulatorTests(SimulatorEndpointsTests.Server server) => _server = server;

    [Fact]
    public void Province_AddsUpAgenciesAndCommunesRecords_AndAgenciesProcedures()
    {
        var report = Simulator().Read(At);

        var province = report.Units[0];
        var communes = report.Units.Skip(1).ToList();
        var recordKeepers = report.Agencies.Concat(communes).ToList();
        Assert.Equal(("42", "province"), (province.Code, province.Level));
        Assert.Equal(ProvinceProfiles.HaTinh.Communes.Count, communes.Count);
        Assert.All(communes, c => Assert.Equal("commune", c.Level));
        Assert.All(report.Agencies, a => Assert.Equal("agency", a.Level));
        Assert.Equal(recordKeepers.Sum(u => u.RecordsReceived), province.RecordsReceived);
        Assert.Equal(recordKeepers.Sum(u => u.RecordsSettledOnTime), province.RecordsSettledOnTime);
        Assert.Equal(recordKeepers.Sum(u => u.SettlementDays), province.SettlementDays);
        Assert.Equal(recordKeepers.Sum(u => u.RatingsSatisfied), province.RatingsSatisfied);
        Assert.Equal(recordKeepers.Sum(u => u.RecordsPaidOnline), province.RecordsPaidOnline);
        Assert.Equal(report.Agencies.Sum(a => a.ProceduresTotal), province.ProceduresTotal);
        Assert.Equal(ProvinceProfiles.HaTinh.Catalogue.Total.Whole, province.ProceduresTotal);
        Assert.Equal(report.Agencies.Sum(a => a.ProceduresOnline), province.ProceduresOnline);
    }

    [Fact]
    public void BeforeTheReform_TheOldCommunesAreReported_AndTheProvinceStillAddsUp()
    {
        var report = Simulator().Read(new DateTimeOffset(2025, 5, 15, 10, 0, 0, TimeSpan.FromHours(7)));

        var communes = report.Units.Skip(1).ToList();
        var after = Simulator().Read(At).Units.Skip(1).ToList();
        Assert.True(communes.Count > after.Count, $"{communes.Count} old communes, {after.Count} new ones");
        Assert.Empty(communes.Select(c => c.Code).Intersect(after.Select(c => c.Code)));
        Assert.Equal(report.Agencies.Concat(communes).Sum(u => u.RecordsReceived), report.Units[0].RecordsReceived);
        Assert.Equal(report.Agencies.Concat(communes).Sum(u => u.RatingsSatisfied), report.Units[0].RatingsSatisfied);
    }

    [Fact]
    public void EveryCount_IsAWholeNoLargerThanTheCountItIsPartOf()
    {
        var report = Simulator().Read(At);

        Assert.All(report.Units.Concat(report.Agencies), u =>
        {
            Assert.True(u.RecordsReceived > 0, u.Code);
            Assert.InRange(u.RecordsSettled, 1, u.RecordsReceived);
            Assert.Equal(u.RecordsSettled, u.RecordsSettledOnTime + u.RecordsSettledLate);
            Assert.InRange(u.RecordsSynchronised, 0, u.RecordsReceived);
            Assert.InRange(u.RecordsDigitised, 0, u.RecordsReceived);
            Assert.InRange(u.ResultsDigitised, 0, u.RecordsSettled);
            Assert.InRange(u.DigitisedReused, 0, u.RecordsDigitised);
            Assert.InRange(u.RecordsOnline, 0, u.RecordsReceived);
            Assert.InRange(u.RecordsPaidOnline, 0, u.RecordsWithFees);
            Assert.InRange(u.RatingsSatisfied, 0, u.Ratings);
            Assert.InRange(u.ProceduresAnnouncedOnTime, 0, u.ProceduresTotal);
            Assert.InRange(u.ProceduresPublishedComplete, 0, u.ProceduresTotal);
            Assert.Equal(u.ProceduresOnline, u.ProceduresOnlineFull + u.ProceduresOnlinePartial);
            Assert.InRange(u.ProceduresOnline, 0, u.ProceduresTotal);
            Assert.InRange(u.SettlementDays, 1, u.LegalDays * 2);
        });
    }

    [Fact]
    public void SameSeedAndInstant_GiveTheSameCounts_AndRecordsGrowThroughTheYear()
    {
        var a = Simulator();
        var b = Simulator();

        Assert.Equal(SimulatorEndpoints.Serialize(a.Read(At)), SimulatorEndpoints.Serialize(b.Read(At)));
        var weekly = Enumerable.Range(0, 8).Select(w => a.Read(At.AddDays(-7 * w)).Units[0].RecordsReceived).Reverse().ToList();
        Assert.Equal(weekly.Order(), weekly);
        Assert.Equal(weekly.Count, weekly.Distinct().Count());
    }

    [Fact]
    public void Agencies_TakeTheirNewNamesFromTheReorganisation()
    {
        var simulator = Simulator();

        var before = simulator.Read(new DateTimeOffset(2025, 2, 20, 9, 0, 0, TimeSpan.FromHours(7))).Agencies.Single(a => a.Code == "HT-STNMT");
        var after = simulator.Read(At).Agencies.Single(a => a.Code == "HT-STNMT");

        Assert.Equal("Sở Tài nguyên và Môi trường", before.Name);
        Assert.Equal("Sở Nông nghiệp và Môi trường", after.Name);
    }

    private static ServiceIndexSimulator Simulator() => new(new ProvinceSimulator(ProvinceProfiles.HaTinh, 2024), 2024);

    [Fact]
    public async Task Endpoint_AnswersTheProvinceAndCommunesAndAgencies_AtTheAskedInstant()
    {
        var json = JsonNode.Parse(await _server.Client.GetStringAsync(new Uri("/sim/portal/service-index-inputs?at=2025-10-15T03:00:00Z", UriKind.Relative)))!;

        Assert.Equal("2025-10-15T10:00:00+07:00", json["asOf"]!.GetValue<string>());
        Assert.Equal("2025-01-01", json["since"]!.GetValue<string>());
        Assert.Equal("42", json["units"]![0]!["code"]!.GetValue<string>());
        Assert.Contains(json["agencies"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "Sở Tư pháp");
        Assert.True(json["units"]![0]!["recordsReceived"]!.GetValue<long>() > 100_000);
    }
}
