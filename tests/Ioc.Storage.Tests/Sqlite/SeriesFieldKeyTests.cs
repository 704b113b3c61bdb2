using Ioc.Core.Metrics;
using Ioc.Storage.Sqlite;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SeriesFieldKeyTests
{
    private static readonly MetricPoint[] Points =
    [
        Point("a", "f", 0, Start),
        Point("a", "g", 0, Start),
        Point("a,b", "f", 0, Start),
        Point("a", [("b", "c")], "f", 0, Start),
        Point("a,b=c", "f", 0, Start),
        Point("a", [("b", "c d")], "f", 0, Start),
        Point("a", [("b", "c"), ("d", "e")], "f", 0, Start),
        Point("a", [("d", "e"), ("b", "c")], "f", 0, Start),
        Point("a", [("b", "c,d=e")], "f", 0, Start),
        Point("a", [("b\\x", "c")], "f", 0, Start),
        Point("a", [("b", "\\c")], "f", 0, Start),
        Point("Phường Hà Huy Tập", [("b", "c")], "f", 0, Start),
        Point("Phường Hà Huy Tập", [("b", "c")], "f", 0, Start + 1),
    ];

    [Fact]
    public void Equals_AgreesWithSeriesKeyText_ForEveryPairOfValidPoints()
    {
        foreach (var a in Valid(Points))
        {
            foreach (var b in Points)
            {
                var textEqual = a.Series.Text == b.Series.Text && a.Fields[0].Name == b.Fields[0].Name;
                var keyA = new SeriesFieldKey(a, a.Fields[0].Name);
                var keyB = new SeriesFieldKey(b, b.Fields[0].Name);

                Assert.True(textEqual == (keyA == keyB), $"{a} and {b}");
                if (textEqual)
                {
                    Assert.Equal(keyA.GetHashCode(), keyB.GetHashCode());
                }
            }
        }
    }
}
