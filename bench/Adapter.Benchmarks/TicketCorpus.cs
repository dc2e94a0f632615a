using System.Globalization;
using System.Text;
using CsvHelper;

namespace Adapter.Benchmarks;

/// <summary>Realistic ticket text of a chosen length, made from the labeled samples
/// (<c>samples/tickets.csv</c>): a sample's title, then its description followed by further
/// samples' titles and descriptions until the text is long enough, cut at a word boundary.
/// Seeded, so every run measures the same tickets.</summary>
internal static class TicketCorpus
{
    /// <summary>Tickets in a set; a power of two so the benchmark cycles with a mask.</summary>
    public const int Count = 256;

    private const int Seed = 20_260_101;

    public static BenchTicket[] Build(int length, int count = Count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 20);
        var samples = ReadSamples(RepositoryRoot.PathOf(Path.Combine("samples", "tickets.csv")));
        var random = new Random(Seed + length);
        var tickets = new BenchTicket[count];
        for (var i = 0; i < count; i++)
        {
            var first = samples[random.Next(samples.Count)];
            var title = Cut(first.Title, length / 3);
            var description = new StringBuilder(first.Description);
            while (title.Length + description.Length < length)
            {
                var next = samples[random.Next(samples.Count)];
                description.Append(". ").Append(next.Title).Append(". ").Append(next.Description);
            }

            tickets[i] = new BenchTicket(title, Cut(description.ToString(), length - title.Length));
        }

        return tickets;
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var space = text.LastIndexOf(' ', max - 1);
        return space > max / 2 ? text[..space] : text[..max];
    }

    private static List<BenchTicket> ReadSamples(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var samples = new List<BenchTicket>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var title = csv.GetField("title") ?? "";
            var description = csv.GetField("description") ?? "";
            if (title.Length + description.Length > 0)
            {
                samples.Add(new BenchTicket(title, description));
            }
        }

        return samples.Count > 0 ? samples : throw new InvalidOperationException($"{path} holds no tickets.");
    }
}
