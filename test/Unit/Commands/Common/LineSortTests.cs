using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// sort's keys and order (Common/Text/LineSort), also against the host's
// GNU sort in the POSIX locale.
public class LineSortTests
{
    private static string[] Sorted(LineSort order, params string[] lines)
    {
        var list = lines.Select(l => Encoding.ASCII.GetBytes(l)).ToList();
        order.Apply(list);
        return list.Select(l => Encoding.ASCII.GetString(l)).ToArray();
    }

    [Test]
    public void BytesInOrderShorterFirst()
    {
        Assert.That(Sorted(new LineSort(), "b", "B", "a", "", "ab", "a"), Is.EqualTo(new[] { "", "B", "a", "a", "ab", "b" }));
    }

    [Test]
    public void NumbersByValueWithFractionsSignsAndNonNumbersAsZero()
    {
        string[] result = Sorted(new LineSort { Numeric = true }, "10", "9", "  3", "-2", "1.5", "1.25", "x", "-0", "0010", "-10.5");
        Assert.That(result, Is.EqualTo(new[] { "-10.5", "-2", "-0", "x", "1.25", "1.5", "  3", "9", "0010", "10" }));
    }

    [Test]
    public void LongNumbersCompareWithoutOverflow()
    {
        string[] result = Sorted(new LineSort { Numeric = true }, "123456789012345678901234567890", "99999999999999999999", "-123456789012345678901234567890");
        Assert.That(result, Is.EqualTo(new[] { "-123456789012345678901234567890", "99999999999999999999", "123456789012345678901234567890" }));
    }

    [Test]
    public void ReverseAndUnique()
    {
        Assert.That(Sorted(new LineSort { Reverse = true }, "a", "c", "b"), Is.EqualTo(new[] { "c", "b", "a" }));
        Assert.That(Sorted(new LineSort { Unique = true }, "b", "a", "b", "a", "c"), Is.EqualTo(new[] { "a", "b", "c" }));
        // -nu: equal numbers are duplicates; the first in the input stays.
        Assert.That(Sorted(new LineSort { Numeric = true, Unique = true }, "2 b", "1", "2 a", "01"), Is.EqualTo(new[] { "1", "2 b" }));
    }

    [Test]
    public void ManyLinesAgreeWithTheHostSort()
    {
        var random = new System.Random(13);
        var lines = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            int kind = random.Next(4);
            lines.Add(kind == 0 ? random.Next(-5000, 5000).ToString()
                : kind == 1 ? (random.Next(0, 1000) / 7.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
                : kind == 2 ? new string((char)('a' + random.Next(26)), random.Next(0, 4)) + random.Next(100)
                : " " + random.Next(50));
        }
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-sort-{System.Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "lines");
            File.WriteAllText(input, string.Join("\n", lines) + "\n");
            foreach (string options in new[] { "", "-n", "-r", "-nr", "-u" })
            {
                var order = new LineSort { Numeric = options.Contains('n'), Reverse = options.Contains('r'), Unique = options.Contains('u') };
                string[] args = options.Length == 0 ? new[] { input } : new[] { options, input };
                string expected = HostTool.MustRun("sort", "coreutils", args);
                string ours = string.Join("\n", Sorted(order, lines.ToArray())) + "\n";
                Assert.That(ours, Is.EqualTo(expected), "sort " + options);
            }
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
