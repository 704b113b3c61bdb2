namespace Ioc.Collectors.Manual;

/// <summary>The <c>spec</c> of a <c>manual</c> definition, as written; <see cref="ManualCollectorKind"/> checks it.</summary>
internal sealed class ManualCollectorOptions
{
    /// <summary>Measurement every entered figure is stored under.</summary>
    public string? Measurement { get; set; }

    /// <summary>Tags given to every point, e.g. <c>province: ha-tinh</c>.</summary>
    public Dictionary<string, string?>? Tags { get; set; }

    /// <summary><c>year</c>, <c>quarter</c>, <c>month</c> or <c>day</c>: the period one entry stands for.</summary>
    public string? Period { get; set; }

    /// <summary>The figures entered per period; each is a field of the period's point.</summary>
    public List<ManualFigureOptions?>? Figures { get; set; }
}

/// <summary>One figure entered per period.</summary>
internal sealed class ManualFigureOptions
{
    /// <summary>The field it is stored as, e.g. <c>score</c>.</summary>
    public string? Field { get; set; }

    /// <summary>What people read on the entry form, e.g. <c>Điểm DTI</c>; default the field.</summary>
    public string? Label { get; set; }

    /// <summary>Shown beside the value, e.g. <c>%</c> or <c>hạng/63</c>.</summary>
    public string? Unit { get; set; }

    /// <summary>Smallest value accepted.</summary>
    public double? Min { get; set; }

    /// <summary>Largest value accepted.</summary>
    public double? Max { get; set; }
}
