using System.Collections.Generic;
using Minix3.Cosmos.Servers.Rs.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Rs;

// The boot module "faults": "LABEL FAULT" lines, comments and blank lines
// skipped, every bad line reported by number and skipped, the rest armed.
[TestFixture]
public sealed class BootFaultListTests
{
    [Test]
    public void ArmsOneFaultPerLabel()
    {
        var problems = new List<string>();
        var faults = BootFaultList.Parse("# for the mount test\nata first-request\n\n  hello\tevery-start  # trailing comment\r\n", problems);
        Assert.That(problems, Is.Empty);
        Assert.That(faults, Has.Count.EqualTo(2));
        Assert.That(faults["ata"], Is.EqualTo(BootFault.FirstRequest));
        Assert.That(faults["hello"], Is.EqualTo(BootFault.EveryStart));
        Assert.That(BootFaultList.Name(BootFault.EveryStart), Is.EqualTo("every-start"));
    }

    [Test]
    public void ReportsBadLinesByNumberAndKeepsTheRest()
    {
        var problems = new List<string>();
        var faults = BootFaultList.Parse(
            "ata\nata crash\nata every-start\nata first-request\nmemory every-start now\n" + new string('x', 27) + " every-start\nhello every-start", problems);
        Assert.That(problems, Is.EqualTo(new[]
        {
            "line 1: expected LABEL FAULT",
            "line 2: unknown fault crash (first-request or every-start)",
            "line 4: ata has a fault already",
            "line 5: expected LABEL FAULT",
            "line 6: label " + new string('x', 27) + " is too long",
        }));
        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "ata", "hello" }));
        Assert.That(faults["ata"], Is.EqualTo(BootFault.EveryStart), "the first good line for a label stands");
    }

    [Test]
    public void NothingArmsNothing()
    {
        var problems = new List<string>();
        Assert.That(BootFaultList.Parse("", problems), Is.Empty);
        Assert.That(BootFaultList.Parse("\n# only a comment\n", problems), Is.Empty);
        Assert.That(problems, Is.Empty);
    }
}
