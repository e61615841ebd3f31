using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// Output to the serial terminal: "\n" as "\r\n", gathered into bounded writes.
public class SerialOutputTests
{
    [Test]
    public void NewlineGoesOutAsCrLfInBoundedWrites()
    {
        var writes = new List<string>();
        var output = new SerialOutput(4, (data, count) => writes.Add(Encoding.ASCII.GetString(data, 0, count)));
        foreach (char c in "ab\ncd\n")
            output.Put((byte)c);
        Assert.That(output.Pending, Is.EqualTo(4));
        output.Flush();
        output.Flush();
        Assert.That(writes, Is.EqualTo(new[] { "ab\r\n", "cd\r\n" }));
        Assert.That(string.Concat(writes), Is.EqualTo("ab\r\ncd\r\n"));
    }

    [Test]
    public void TheColumnFollowsWhatWasSent()
    {
        var output = new SerialOutput(512, (_, _) => { });
        foreach (char c in "ab\tc")
            output.Put((byte)c);
        Assert.That(output.Column, Is.EqualTo(9));
        output.Put((byte)'\b');
        Assert.That(output.Column, Is.EqualTo(8));
        output.Put((byte)'\n');
        Assert.That(output.Column, Is.Zero);
    }

    [Test]
    public void NothingIsSentUntilFlushOrFull()
    {
        int writes = 0;
        var output = new SerialOutput(512, (_, _) => writes++);
        output.Put((byte)'x');
        Assert.That(writes, Is.Zero);
        output.Flush();
        Assert.That(writes, Is.EqualTo(1));
    }
}
