using System.Xml.Linq;
using Ioc.Core.Access;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Ioc.Server.Access;

/// <summary>
/// ASP.NET Core's key ring in the configuration store. Its interface is synchronous; it is read at start and on
/// key rotation (every 90 days), so blocking on the store there is harmless. The store is found on first use:
/// options are built early, before settings are validated.
/// </summary>
internal sealed class KeyRingRepository(Func<IKeyRingStore> store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store().ListKeyRingAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store().StoreKeyRingElementAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
