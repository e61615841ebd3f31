using System;
using Minix3.Cosmos.Bench;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The bench's network rows (bench/NetworkThroughput.cs): what it reads
// from the guests' output, the Linux peer's timed download from --serve
// under -icount (checked against the host's checksum inside), and our
// system's: measured once the image has the network commands, refused at
// once with the reason while it has not.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class NetworkThroughputTests
{
    [Test]
    public void TimeSecondsAreReadAsNanoseconds()
    {
        string answer = "time wget -q -O /dev/null http://host.minix/big.bin; echo status=$?\r\nreal 12.345\r\nstatus=0\r\n";
        Assert.That(NetworkThroughput.RealNs(answer), Is.EqualTo(12_345_000_000.0));
        Assert.That(NetworkThroughput.RealNs("real 0.010\n"), Is.EqualTo(10_000_000.0));
        Assert.That(NetworkThroughput.RealNs("time: wget: not found\nstatus=127\n"), Is.NaN, "no line, no figure");
        Assert.That(NetworkThroughput.RealNs("surreal 1.000\n"), Is.NaN, "only a line of its own");
    }

    [Test]
    public void KmsgMarkersAreReadFromPrintkTimeStamps()
    {
        string log = "linuxnet: fetch 0 begins\n[  190.052792] linuxnet: fetch 0 begin\r\n[  193.124762] linuxnet: fetch 0 end\nlinuxnet: fetch 0 ends with status 0\n"
            + "[  193.200000] linuxnet: fetch 1 begin\n";
        Assert.That(NetworkThroughput.KmsgNs(log, "linuxnet: fetch 0 begin"), Is.EqualTo(190_052_792_000.0));
        Assert.That(NetworkThroughput.KmsgNs(log, "linuxnet: fetch 0 end"), Is.EqualTo(193_124_762_000.0));
        Assert.That(NetworkThroughput.KmsgNs(log, "linuxnet: fetch 1 begin"), Is.EqualTo(193_200_000_000.0));
        Assert.That(NetworkThroughput.KmsgNs(log, "linuxnet: fetch 1 end"), Is.NaN, "no such marker");
        Assert.That(NetworkThroughput.KmsgNs("linuxnet: fetch 0 begins\n", "linuxnet: fetch 0 begin"), Is.NaN, "the console line is no marker");
    }

    [Test]
    public void TransfersGiveMiBPerSecondAndInstructionsPerKiB()
    {
        var transfer = new NetworkThroughput.Transfer(64, GuestNs: 655_360_000, WallSeconds: 4);
        Assert.That(transfer.WallMiBPerSecond, Is.EqualTo(16));
        Assert.That(transfer.GuestPerKiB, Is.EqualTo(10_000));
    }

    // A few minutes: Linux boots under -icount, fetches 64 MiB three
    // times (timed twice, then through md5sum, which must match the
    // host's file).
    [Test]
    public void TheLinuxPeerTimesItsDownloadFromServe()
    {
        NetworkThroughput.Transfer[] transfers = NetworkThroughput.LinuxHostToGuest(idlePoll: true);
        Assert.That(transfers, Has.Length.EqualTo(NetworkThroughput.Runs));
        foreach (NetworkThroughput.Transfer transfer in transfers)
        {
            TestContext.Out.WriteLine(transfer);
            Assert.That(transfer.MiB, Is.EqualTo(NetworkThroughput.HostFileMiB));
            // At least the copy out of the NIC's buffers: well over 100
            // instructions a KiB; and not the whole boot (several G).
            Assert.That(transfer.GuestPerKiB, Is.GreaterThan(100));
            Assert.That(transfer.GuestNs, Is.LessThan(60e9));
            Assert.That(transfer.WallSeconds, Is.GreaterThan(0));
        }
    }

    [Test]
    public void OurDownloadIsMeasured()
    {
        // Our system has wget, httpd, ifconfig and inet: the row must be a
        // figure, never the refusal NetworkUnavailableException carries.
        int transfers = 0;
        foreach (NetworkThroughput.Transfer transfer in NetworkThroughput.OursHostToGuest(GuestRun.Image))
        {
            TestContext.Out.WriteLine(transfer);
            Assert.That(transfer.GuestPerKiB, Is.GreaterThan(100));
            Assert.That(transfer.WallSeconds, Is.GreaterThan(0));
            transfers++;
        }
        Assert.That(transfers, Is.GreaterThan(0));
    }
}
