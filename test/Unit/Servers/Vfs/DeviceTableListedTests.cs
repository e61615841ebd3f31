using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// The image's own devices (Minix3Device items, the "devices" boot module)
// join /dev; bad lines are skipped and counted, the standard ones stay.
public class DeviceTableListedTests
{
    [Test]
    public void ListedDevicesJoinTheStandardOnes()
    {
        DeviceTable table = DeviceTable.Standard();
        int skipped = table.AddListed("hello hello 0 false\nbeep beepdrv 3 true\r\n\n");

        Assert.That(skipped, Is.EqualTo(0));
        DeviceEntry? beep = table.Find("/dev/beep");
        Assert.That(beep, Is.Not.Null);
        Assert.That((beep!.Driver, beep.Minor, beep.WaitForInput), Is.EqualTo(("beepdrv", 3, true)));
        Assert.That(table.Find("/dev/hello")!.Driver, Is.EqualTo("hello"));
        Assert.That(table.Find("/dev/null")!.Driver, Is.EqualTo("memory"));
    }

    [TestCase("beep beep 0")]                 // a word short
    [TestCase("beep beep x false")]           // not a number
    [TestCase("beep beep -1 false")]
    [TestCase("beep beep 0 maybe")]
    [TestCase("Beep beep 0 false")]           // not a label
    [TestCase("null memory 5 false")]         // taken: the standard null stays
    [TestCase("beep beep 1234567 false")]
    [TestCase("tcp inet 0 true clones")]      // the fifth word is "clone" or nothing
    [TestCase("tcp inet 0 true clone x")]
    public void BadLinesAreSkippedAndCounted(string line)
    {
        DeviceTable table = DeviceTable.Standard();
        int before = table.Count;

        Assert.That(table.AddListed(line + "\nok ok 0 false"), Is.EqualTo(1));
        Assert.That(table.Count, Is.EqualTo(before + 1), "the good line still counts");
        Assert.That(table.Find("/dev/null")!.Minor, Is.EqualTo(0));
    }

    // inet's sockets: the image's Minix3Device Clone="true" writes "clone".
    [Test]
    public void AFifthWordCloneMarksACloningDevice()
    {
        DeviceTable table = DeviceTable.Standard();
        Assert.That(table.AddListed("tcp inet 0 true clone\ninet inet 3 false\n"), Is.EqualTo(0));

        DeviceEntry tcp = table.Find("/dev/tcp")!;
        Assert.That((tcp.Driver, tcp.Minor, tcp.WaitForInput, tcp.Clone), Is.EqualTo(("inet", 0, true, true)));
        Assert.That(table.Find("/dev/inet")!.Clone, Is.False);
        Assert.That(table.Find("/dev/console")!.Clone, Is.False);
    }

    [Test]
    public void AtMostMaxListedAreTaken()
    {
        DeviceTable table = DeviceTable.Standard();
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < DeviceTable.MaxListed + 3; i++)
            text.Append("d").Append(i).Append(" drv 0 false\n");

        Assert.That(table.AddListed(text.ToString()), Is.EqualTo(3));
    }
}
