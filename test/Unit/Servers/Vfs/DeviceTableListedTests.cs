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
    public void BadLinesAreSkippedAndCounted(string line)
    {
        DeviceTable table = DeviceTable.Standard();
        int before = table.Count;

        Assert.That(table.AddListed(line + "\nok ok 0 false"), Is.EqualTo(1));
        Assert.That(table.Count, Is.EqualTo(before + 1), "the good line still counts");
        Assert.That(table.Find("/dev/null")!.Minor, Is.EqualTo(0));
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
