using System.Text;
using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The data-protection key ring, kept by every access store adapter beside the users.</summary>
public abstract partial class AccessStoreContract
{
    private static string KeyXml(string id, string description = "") =>
        $"""<key id="{id}" version="1"><creationDate>2025-03-01T01:00:00Z</creationDate><descriptor>{description}</descriptor></key>""";

    private async Task<IKeyRingStore> KeyRingAsync() => Assert.IsAssignableFrom<IKeyRingStore>(await InitializedAsync());

    [Fact]
    public async Task KeyRing_IsEmpty_OnANewStore()
    {
        var ring = await KeyRingAsync();

        Assert.Empty(await ring.ListKeyRingAsync());
    }

    [Fact]
    public async Task KeyRing_ComesBackInTheOrderItWasStored_ThroughAnotherStore()
    {
        var ring = await KeyRingAsync();

        // Neither the names nor the documents sort the way they were stored.
        await ring.StoreKeyRingElementAsync("key-c", KeyXml("c"));
        await ring.StoreKeyRingElementAsync("key-a", KeyXml("a"));
        await ring.StoreKeyRingElementAsync("key-b", KeyXml("b"));

        Assert.Equal([KeyXml("c"), KeyXml("a"), KeyXml("b")], await (await KeyRingAsync()).ListKeyRingAsync());
    }

    [Fact]
    public async Task KeyRing_KeepsTheFirst_WhenANameIsStoredAgain()
    {
        var ring = await KeyRingAsync();
        await ring.StoreKeyRingElementAsync("key-a", KeyXml("a", "first"));
        await ring.StoreKeyRingElementAsync("key-b", KeyXml("b"));

        await ring.StoreKeyRingElementAsync("key-a", KeyXml("a", "second"));
        await (await KeyRingAsync()).StoreKeyRingElementAsync("key-a", KeyXml("a", "third"));

        Assert.Equal([KeyXml("a", "first"), KeyXml("b")], await ring.ListKeyRingAsync());
    }

    [Fact]
    public async Task KeyRing_ComparesNamesExactly()
    {
        var ring = await KeyRingAsync();

        await ring.StoreKeyRingElementAsync("key-a", KeyXml("a"));
        await ring.StoreKeyRingElementAsync("Key-A", KeyXml("A"));

        Assert.Equal([KeyXml("a"), KeyXml("A")], await ring.ListKeyRingAsync());
    }

    [Fact]
    public async Task KeyRing_KeepsVietnameseXml_ByteForByte()
    {
        var ring = await KeyRingAsync();
        var composed = "Khóa của Ủy ban nhân dân tỉnh — đường dây nóng".Normalize(NormalizationForm.FormC);
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
            + KeyXml("vi", composed + " | " + composed.Normalize(NormalizationForm.FormD) + " | 🔑 &amp; <![CDATA[<ngoặc>]]>")
            + "\n  ";

        await ring.StoreKeyRingElementAsync("khóa-đầu-tiên", xml);

        var read = Assert.Single(await (await KeyRingAsync()).ListKeyRingAsync());
        Assert.Equal(Encoding.UTF8.GetBytes(xml), Encoding.UTF8.GetBytes(read));
    }
}
