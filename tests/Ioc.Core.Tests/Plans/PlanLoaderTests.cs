using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Kpis;
using Ioc.Core.Plans;

namespace Ioc.Core.Tests.Plans;

public class PlanLoaderTests
{
    private const string Source = "plans/ha-tinh-cds.yaml";

    private const string Valid = """
        apiVersion: ioc/v1
        id: ha-tinh-cds
        title: Chuyển đổi số tỉnh Hà Tĩnh
        province: HT
        legalBasis: { number: 05-NQ/TU, date: 2021-10-22, issuer: Tỉnh ủy Hà Tĩnh, title: Nghị quyết về chuyển đổi số }
        groups:
          - { id: chinh-quyen-so, title: Chính quyền số }
        targets:
          - id: ho-so-truc-tuyen
            title: Hồ sơ trực tuyến
            group: chinh-quyen-so
            kpi:
              numerator: { measurement: dvc_records, tags: { level: province }, field: received_online_ytd }
              denominator: { measurement: dvc_records, tags: { level: province }, field: received_ytd }
              scale: 100
            unit: "%"
            baseline: { value: 45.2, date: 2021-12-31 }
            target: { value: 80, direction: up }
            deadline: 2025-12-31
            owner: Văn phòng UBND tỉnh
          - id: dti-hang
            title: Xếp hạng DTI
            kpi: { series: { measurement: dti, field: rank }, rollUp: none }
            target: { value: 20, direction: down }
            deadline: 2030-12-31
            owner: Sở Thông tin và Truyền thông
            freshness: 900d
        tasks:
          - { id: nv01, group: chinh-quyen-so, title: Kiến trúc chính quyền điện tử, owner: Sở Thông tin và Truyền thông, deadline: 2022-06-30, state: done, doneOn: 2022-05-16 }
          - { id: nv02, title: Kho dữ liệu dùng chung, owner: Sở Thông tin và Truyền thông, deadline: 2024-06-30, state: in-progress }
        """;

    [Fact]
    public void Parse_ReadsAPlan_WithItsTargetsAndTasks()
    {
        var plan = PlanLoader.Parse(Valid, Source);

        Assert.Equal("ha-tinh-cds", plan.Id);
        Assert.Equal("05-NQ/TU", plan.LegalBasis.Number);
        Assert.Equal(new DateOnly(2021, 10, 22), plan.LegalBasis.Date);
        var online = plan.Targets[0];
        Assert.True(online.Kpi.IsRatio);
        Assert.Equal(100, online.Kpi.Scale);
        Assert.Equal("province", online.Kpi.Numerator!.Tags["level"]);
        Assert.Equal(TargetDirection.Down, plan.Targets[1].Target.Direction);
        Assert.Equal(MeasureRollUp.None, plan.Targets[1].Kpi.RollUp);
        Assert.Equal(90, online.TrendWindow);
        Assert.Equal(TaskState.InProgress, plan.Tasks[1].State);
        Assert.Equal(new DateOnly(2022, 5, 16), plan.Tasks[0].DoneOn);
    }

    [Theory]
    [InlineData("    deadline: 2025-12-31\n", "    deadline: 2025-13-45\n", "plans/ha-tinh-cds.yaml: targets[0].deadline")]
    [InlineData("    deadline: 2025-12-31\n", "", "plans/ha-tinh-cds.yaml: targets[0].deadline: is required")]
    [InlineData("direction: up", "direction: sideways", "plans/ha-tinh-cds.yaml: targets[0].target.direction")]
    [InlineData("field: received_ytd", "field: \"\"", "plans/ha-tinh-cds.yaml: targets[0].kpi.denominator.field: is required")]
    [InlineData("id: dti-hang", "id: ho-so-truc-tuyen", "plans/ha-tinh-cds.yaml: targets[1].id: 'ho-so-truc-tuyen' appears twice")]
    [InlineData("id: nv02", "id: nv01", "plans/ha-tinh-cds.yaml: tasks[1].id: 'nv01' appears twice")]
    [InlineData("state: in-progress", "state: started", "plans/ha-tinh-cds.yaml: tasks[1].state")]
    [InlineData("id: nv02,", "id: nv02, group: kinh-te-so,", "plans/ha-tinh-cds.yaml: tasks[1].group: 'kinh-te-so' is not one of the plan's groups")]
    [InlineData("number: 05-NQ/TU, ", "", "plans/ha-tinh-cds.yaml: legalBasis.number: is required")]
    [InlineData("freshness: 900d", "freshness: soon", "plans/ha-tinh-cds.yaml: targets[1].freshness")]
    [InlineData("id: ha-tinh-cds", "id: Ha Tinh", "plans/ha-tinh-cds.yaml: id:")]
    [InlineData("    owner: Văn phòng UBND tỉnh\n", "    owner: Văn phòng UBND tỉnh\n    color: red\n", "plans/ha-tinh-cds.yaml: targets[0].color")]
    public void Parse_NamesFileAndPath_OfEachProblem(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var ex = Assert.Throws<DefinitionException>(() => PlanLoader.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), Source));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectory_RefusesTwoFilesWithOneId_AndListsEveryBadFile()
    {
        var dir = Directory.CreateTempSubdirectory("ioc-plans-").FullName;
        try
        {
            var plans = Path.Combine(dir, "plans");
            Directory.CreateDirectory(plans);
            File.WriteAllText(Path.Combine(plans, "a.yaml"), Valid);
            File.WriteAllText(Path.Combine(plans, "b.yaml"), Valid);
            File.WriteAllText(Path.Combine(plans, "c.yaml"), Valid.Replace("id: ha-tinh-cds", "id: other", StringComparison.Ordinal).Replace("province: HT\n", "", StringComparison.Ordinal));

            var ex = Assert.Throws<DefinitionException>(() => PlanLoader.LoadDirectory(plans));

            Assert.Contains("plans/b.yaml: id: 'ha-tinh-cds' is already used by plans/a.yaml", ex.Problems);
            Assert.Contains("plans/c.yaml: province: is required", ex.Problems);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheRepositorysPlans_Load()
    {
        var plans = PlanLoader.LoadDirectory(Path.Combine(RepoRoot(), "plans"));

        var haTinh = Assert.Single(plans, p => p.Id == "ha-tinh-cds");
        Assert.Equal(34, haTinh.Tasks.Count);
        Assert.Equal(19, haTinh.Tasks.Count(t => TargetEvaluator.Evaluate(t, new DateOnly(2022, 12, 31)) == PlanTaskStatus.Done));
        Assert.Equal(12, haTinh.Tasks.Count(t => TargetEvaluator.Evaluate(t, new DateOnly(2022, 12, 31)) == PlanTaskStatus.InProgress));
        Assert.Equal(3, haTinh.Tasks.Count(t => TargetEvaluator.Evaluate(t, new DateOnly(2022, 12, 31)) == PlanTaskStatus.NotStarted));
        Assert.Equal(19, Assert.Single(plans, p => p.Id == "ninh-thuan-cds").Targets.Count);
        var ngheAn = Assert.Single(plans, p => p.Id == "nghe-an-586");
        Assert.Equal([11, 6, 3], ngheAn.Groups.Take(3).Select(g => ngheAn.Targets.Count(t => t.Group == g.Id)));
    }

    [Fact]
    public void CheckReferences_NamesTheDashboardFileAndPanel_OfAnUnknownPlanOrTarget()
    {
        var catalog = new PlanCatalog([PlanLoader.Parse(Valid, Source)]);
        var dashboard = new DashboardDefinition
        {
            Id = "leaders",
            Source = "dashboards/leaders.json",
            Panels =
            [
                new PanelDefinition { Id = "ok", Type = PanelTypes.Kpi, Target = "ha-tinh-cds/ho-so-truc-tuyen" },
                new PanelDefinition { Id = "typo", Type = PanelTypes.Kpi, Target = "ha-tinh-cds/ho-so" },
                new PanelDefinition { Id = "progress", Type = PanelTypes.PlanProgress, Plan = "nghe-an" },
            ],
        };

        var problems = catalog.CheckReferences([dashboard]).ToList();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("dashboards/leaders.json: panel 'typo' (panels[1]): target: 'ha-tinh-cds/ho-so'", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("dashboards/leaders.json: panel 'progress' (panels[2]): plan: 'nghe-an'", problems[1], StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ioc.sln not found");
    }
}
