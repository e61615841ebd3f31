using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Text;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// The pure parts of the text filters: lines from a stream, wc's counts,
// cut's lists, tr's sets, head and tail's counts, option arguments, the
// screen width of a line and UTF-8.
public class TextToolTests
{
    [Test]
    public void LinesComeWholeAcrossReadsAndTheLastMayLackANewline()
    {
        var reader = new LineReader(new MemorySource(Encoding.ASCII.GetBytes("one\n\nthree and more\nlast"), chunk: 3), chunkBytes: 5);
        var lines = new List<string>();
        var newlines = new List<bool>();
        while (reader.Next())
        {
            lines.Add(Encoding.ASCII.GetString(reader.Line));
            newlines.Add(reader.HasNewline);
        }
        Assert.That(lines, Is.EqualTo(new[] { "one", "", "three and more", "last" }));
        Assert.That(newlines, Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(reader.Status, Is.EqualTo(0));
    }

    [Test]
    public void OverlongLinesComeInBoundedPiecesAndReadErrorsAreKept()
    {
        var reader = new LineReader(new MemorySource(Encoding.ASCII.GetBytes("abcdefghij\nk\n")), maxLineBytes: 4);
        var lines = new List<string>();
        while (reader.Next())
            lines.Add(Encoding.ASCII.GetString(reader.Line));
        Assert.That(lines, Is.EqualTo(new[] { "abcd", "efgh", "ij", "k" }));

        var failing = new LineReader(new FailingSource(Encoding.ASCII.GetBytes("ok\npart"), -32));
        Assert.That(failing.Next(), Is.True);
        Assert.That(failing.Next(), Is.True);
        Assert.That(Encoding.ASCII.GetString(failing.Line), Is.EqualTo("part"));
        Assert.That(failing.Next(), Is.False);
        Assert.That(failing.Status, Is.EqualTo(-32));
    }

    [Test]
    public void WordCountsAcrossPieces()
    {
        var count = new WordCount();
        count.Add(Encoding.ASCII.GetBytes("hello wo"));
        count.Add(Encoding.ASCII.GetBytes("rld\n\tsecond  line\n"));
        count.Add(Encoding.ASCII.GetBytes("no newline"));
        Assert.That((count.Lines, count.Words, count.Bytes), Is.EqualTo((2L, 6L, 36L)));
        Assert.That(count.Format(true, true, true, null), Is.EqualTo("2 6 36\n"));
        Assert.That(count.Format(true, false, false, "f"), Is.EqualTo("2 f\n"));
        Assert.That(count.Format(false, true, true, "total"), Is.EqualTo("6 36 total\n"));
    }

    [TestCase("1", new long[] { 1 }, new long[] { 0, 2 })]
    [TestCase("2-4,7", new long[] { 2, 3, 4, 7 }, new long[] { 1, 5, 6, 8 })]
    [TestCase("-2", new long[] { 1, 2 }, new long[] { 3 })]
    [TestCase("5-", new long[] { 5, 6, 1000000 }, new long[] { 4 })]
    [TestCase("3 1", new long[] { 1, 3 }, new long[] { 2 })]
    public void FieldLists(string text, long[] selected, long[] not)
    {
        FieldList list = FieldList.Parse(text, out string? error)!;
        Assert.That(error, Is.Null);
        foreach (long n in selected)
            Assert.That(list.Selected(n), Is.True, n.ToString());
        foreach (long n in not)
            Assert.That(list.Selected(n), Is.False, n.ToString());
    }

    [TestCase("", "empty item in list ''")]
    [TestCase("1,,2", "empty item in list '1,,2'")]
    [TestCase("0", "invalid list '0' (positions are numbers from 1)")]
    [TestCase("a", "invalid list 'a' (positions are numbers from 1)")]
    [TestCase("-", "invalid list '-' (positions are numbers from 1)")]
    [TestCase("4-2", "decreasing range in list '4-2'")]
    public void BadFieldLists(string text, string message)
    {
        Assert.That(FieldList.Parse(text, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    private static string Tr(string input, string set1, string? set2, bool complement = false, bool delete = false, bool squeeze = false)
    {
        Translation t = Translation.Create(complement, delete, squeeze, set1, set2, out string? error)!;
        Assert.That(error, Is.Null);
        byte[] bytes = Encoding.ASCII.GetBytes(input);
        byte[] output = new byte[bytes.Length];
        // In two pieces: squeezing must carry across them.
        int half = bytes.Length / 2;
        int n = t.Apply(bytes.AsSpan(0, half), output);
        n += t.Apply(bytes.AsSpan(half), output.AsSpan(n));
        return Encoding.ASCII.GetString(output, 0, n);
    }

    [Test]
    public void TranslationsDeletionsAndSqueezes()
    {
        Assert.That(Tr("hello, world", "a-z", "A-Z"), Is.EqualTo("HELLO, WORLD"));
        Assert.That(Tr("hello", "[:lower:]", "[:upper:]"), Is.EqualTo("HELLO"));
        Assert.That(Tr("abcd", "abcd", "xy"), Is.EqualTo("xyyy"), "a short SET2 repeats its last byte");
        Assert.That(Tr("a\tb\nc", "\\t\\n", "  "), Is.EqualTo("a b c"));
        Assert.That(Tr("\u0001x", "\\001", "y"), Is.EqualTo("yx"));
        Assert.That(Tr("hello world", "lo", null, delete: true), Is.EqualTo("he wrd"));
        Assert.That(Tr("a1b2c3", "[:digit:]", null, complement: true, delete: true), Is.EqualTo("123"));
        Assert.That(Tr("aaabbbccc  dd", "a-z", null, squeeze: true), Is.EqualTo("abc  d"));
        Assert.That(Tr("aabbcc", "abc", "xxy", squeeze: true), Is.EqualTo("xy"));
        Assert.That(Tr("abcdef", "a-f", "[x*3][y*]"), Is.EqualTo("xxxyyy"));
        Assert.That(Tr("hello  world", "[:alpha:]", "\\n", complement: true, squeeze: true), Is.EqualTo("hello\nworld"));
    }

    [TestCase(false, false, false, "a", null, "missing SET2 (translating needs two sets)")]
    [TestCase(false, true, false, "a", "b", "extra operand 'b' with -d")]
    [TestCase(false, false, false, "z-a", "b", "range z-a is in reverse order")]
    [TestCase(false, false, false, "[:nope:]", "b", "unknown class [:nope:]")]
    [TestCase(false, false, false, "a", "[x*][y*]", "only one [c*] may appear in SET2")]
    public void BadTranslations(bool complement, bool delete, bool squeeze, string set1, string? set2, string message)
    {
        Assert.That(Translation.Create(complement, delete, squeeze, set1, set2, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    [Test]
    public void HeadAndTailCounts()
    {
        Assert.That(LineCount.TryParse("15", false, false, out LineCount count), Is.True);
        Assert.That((count.Count, count.FromStart), Is.EqualTo((15L, false)));
        Assert.That(LineCount.TryParse("+3", true, true, out count), Is.True);
        Assert.That((count.Count, count.FromStart, count.Bytes), Is.EqualTo((3L, true, true)));
        Assert.That(LineCount.TryParse("-3", true, false, out count) && !count.FromStart && count.Count == 3, Is.True);
        Assert.That(LineCount.TryParse("+3", false, false, out _), Is.False);
        Assert.That(LineCount.TryParse("x", true, false, out _), Is.False);
        Assert.That(LineCount.TryParse("99999999999999999999", true, false, out _), Is.False);

        Assert.That(LineCount.Modernize(new[] { "head", "-5", "f" }, false), Is.EqualTo(new[] { "head", "-n", "5", "f" }));
        Assert.That(LineCount.Modernize(new[] { "tail", "+2" }, true), Is.EqualTo(new[] { "tail", "-n", "+2" }));
        Assert.That(LineCount.Modernize(new[] { "head", "-n", "5" }, false), Is.EqualTo(new[] { "head", "-n", "5" }));
        Assert.That(LineCount.Modernize(new[] { "head", "+5" }, false), Is.EqualTo(new[] { "head", "+5" }));
    }

    [Test]
    public void OptionsWithArguments()
    {
        CommandLine line = CommandLine.Parse(new[] { "cut", "-d:", "-f", "2,3", "-s", "file" }, "cut", "s", "df");
        Assert.That(line.Error, Is.Null);
        Assert.That((line.Value('d'), line.Value('f'), line.Has('s')), Is.EqualTo((":", "2,3", true)));
        Assert.That(line.Operands, Is.EqualTo(new[] { "file" }));

        line = CommandLine.Parse(new[] { "head", "-vn3", "-n", "7" }, "head", "v", "n");
        Assert.That(line.Value('n'), Is.EqualTo("7"), "the last one counts");
        Assert.That(line.Has('v'), Is.True);

        line = CommandLine.Parse(new[] { "grep", "-e" }, "grep", "", "e");
        Assert.That(line.Error, Is.EqualTo("option requires an argument -- 'e'"));
        Assert.That(line.Has('e'), Is.False);
    }

    [Test]
    public void ScreenRowsOfLines()
    {
        Assert.That(ScreenColumns.Width(Encoding.ASCII.GetBytes("a\tb")), Is.EqualTo(9));
        Assert.That(ScreenColumns.Width(Encoding.UTF8.GetBytes("h\u00e9llo")), Is.EqualTo(5));
        Assert.That(ScreenColumns.Rows(new byte[0], 80), Is.EqualTo(1));
        Assert.That(ScreenColumns.Rows(new byte[80], 80), Is.EqualTo(1), "control bytes take no room");
        Assert.That(ScreenColumns.Rows(Encoding.ASCII.GetBytes(new string('x', 81)), 80), Is.EqualTo(2));
    }

    [Test]
    public void Utf8BothWays()
    {
        string text = "plain, caf\u00e9, \u20ac";
        Assert.That(Utf8Text.Encode(text), Is.EqualTo(Encoding.UTF8.GetBytes(text)));
        Assert.That(Utf8Text.Decode(Encoding.UTF8.GetBytes(text)), Is.EqualTo(text));
        Assert.That(Utf8Text.Decode(new byte[] { (byte)'a', 0xC3, (byte)'b', 0xFF }), Is.EqualTo("a\uFFFDb\uFFFD"));
    }

    private sealed class FailingSource : IByteSource
    {
        private readonly byte[] _data;
        private readonly int _status;
        private bool _given;

        internal FailingSource(byte[] data, int status)
        {
            _data = data;
            _status = status;
        }

        public int Read(Span<byte> buffer)
        {
            if (_given)
                return _status;
            _given = true;
            _data.CopyTo(buffer);
            return _data.Length;
        }
    }
}
