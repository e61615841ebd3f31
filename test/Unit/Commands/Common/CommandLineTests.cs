using Minix3.Cosmos.Commands.Common;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// Option parsing as POSIX utilities do it, and the messages built from it.
public class CommandLineTests
{
    [Test]
    public void GroupedAndSeparateOptionsThenOperands()
    {
        CommandLine line = CommandLine.Parse(new[] { "/bin/rm", "-rf", "-r", "a", "-b" }, "rm", "rf");

        Assert.That(line.Name, Is.EqualTo("rm"));
        Assert.That(line.Error, Is.Null);
        Assert.That(line.Has('r') && line.Has('f'), Is.True);
        Assert.That(line.Has('l'), Is.False);
        // Options end at the first operand: "-b" is a file name here.
        Assert.That(line.Operands, Is.EqualTo(new[] { "a", "-b" }));
    }

    [Test]
    public void DoubleDashEndsOptionsAndALoneDashIsAnOperand()
    {
        CommandLine line = CommandLine.Parse(new[] { "cat", "--", "-l" }, "cat", "l");
        Assert.That(line.Has('l'), Is.False);
        Assert.That(line.Operands, Is.EqualTo(new[] { "-l" }));

        line = CommandLine.Parse(new[] { "cat", "-", "x" }, "cat", "");
        Assert.That(line.Error, Is.Null);
        Assert.That(line.Operands, Is.EqualTo(new[] { "-", "x" }));
    }

    [Test]
    public void AnUnknownOptionIsReportedButKnownOnesStillCount()
    {
        CommandLine line = CommandLine.Parse(new[] { "ls", "-lxq", "/" }, "ls", "la");

        Assert.That(line.Error, Is.EqualTo("invalid option -- 'x'"));
        Assert.That(line.Has('l'), Is.True);
        Assert.That(line.Operands, Is.EqualTo(new[] { "/" }));
        Assert.That(Messages.Usage(line.Name, line.Error!, "[-la] [path...]"),
            Is.EqualTo("ls: invalid option -- 'x'\nusage: ls [-la] [path...]\n"));
    }

    [Test]
    public void NonAsciiOptionLettersAreRejectedNotIndexed()
    {
        CommandLine line = CommandLine.Parse(new[] { "ls", "-\u00e9" }, "ls", "l");
        Assert.That(line.Error, Is.EqualTo("invalid option -- '\u00e9'"));
        Assert.That(line.Has('\u00e9'), Is.False);
    }

    [TestCase(new string[0], "ls")]
    [TestCase(new[] { "" }, "ls")]
    [TestCase(new[] { "/bin/" }, "ls")]
    [TestCase(new[] { "/usr/bin/cat" }, "cat")]
    [TestCase(new[] { "sh" }, "sh")]
    public void TheProgramNameIsArgvZeroWithoutItsDirectory(string[] argv, string expected)
    {
        Assert.That(CommandLine.ProgramName(argv, "ls"), Is.EqualTo(expected));
    }

    [Test]
    public void MessagesHaveTheUtilityShape()
    {
        Assert.That(Messages.About("ls", "/nope", "No such file or directory"), Is.EqualTo("ls: /nope: No such file or directory\n"));
        Assert.That(Messages.Plain("sync", "failed"), Is.EqualTo("sync: failed\n"));
    }

    [TestCase("/", "a", "/a")]
    [TestCase("/bin", "ls", "/bin/ls")]
    [TestCase("dir/", "f", "dir/f")]
    [TestCase("", "f", "/f")]
    public void JoinPutsOneSlashBetween(string directory, string name, string expected)
    {
        Assert.That(Messages.Join(directory, name), Is.EqualTo(expected));
    }

    [TestCase("/a/b.txt", "b.txt")]
    [TestCase("b", "b")]
    [TestCase("/a/dir/", "dir")]
    [TestCase("/", "/")]
    public void BaseNameIsTheLastComponent(string path, string expected)
    {
        Assert.That(Messages.BaseName(path), Is.EqualTo(expected));
    }
}
