using System.Data.Common;

namespace Ioc.Storage.Configuration;

/// <summary>Reading rows into records, the same for every ADO.NET provider the configuration stores use.</summary>
internal static class DbRows
{
    public static async Task<T?> ReadSingleAsync<TReader, T>(DbCommand command, Func<TReader, T> read, CancellationToken cancellationToken)
        where TReader : DbDataReader
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read((TReader)reader) : null;
    }

    public static async Task<IReadOnlyList<T>> ReadAllAsync<TReader, T>(DbCommand command, Func<TReader, T> read, CancellationToken cancellationToken)
        where TReader : DbDataReader
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read((TReader)reader));
        }

        return rows;
    }
}
