using System;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// A soak: 40 random mixes of loss (to 15%), duplication, reordering,
// corruption, Nagle on or off, tiny or large receive buffers, odd write
// sizes, each a transfer of up to 1 MiB checked byte for byte. About 40 s,
// so explicit: run it with --filter FullyQualifiedName~SoakTests after
// changing the TCP engine.
[Explicit]
public class SoakTests
{
    [Test]
    public void ManySeeds([Range(100, 139)] int seed)
    {
        var w = new LossyWire(seed);
        var rng = new Random(seed);
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.Loss = rng.NextDouble() * 0.15;
        w.Duplicate = rng.NextDouble() * 0.1;
        w.Reorder = rng.NextDouble() * 0.3;
        w.Corrupt = rng.NextDouble() * 0.05;
        bool nodelay = rng.Next(2) == 0;
        if (nodelay) w.A.SetOption(c, SocketOption.NoDelay, 1);
        int rb = rng.Next(2) == 0 ? 4096 : 200_000;
        w.B.SetOption(l, SocketOption.ReceiveBuffer, rb);
        w.A.Connect(c, Wire.IpB, 80, 0);
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 200_000), Is.True, "accept");
        var data = new byte[rng.Next(1, 1 << 20)];
        rng.NextBytes(data);
        var got = new byte[data.Length + 10];
        int sent = 0, received = 0, chunk = rng.Next(1, 5000);
        bool shut = false, eof = false;
        bool ok = w.RunUntil(() =>
        {
            if (sent < data.Length)
            {
                int n = w.A.Send(c, data.AsSpan(sent, Math.Min(chunk, data.Length - sent)), w.Now);
                if (n > 0) sent += n;
            }
            else if (!shut) shut = w.A.Shutdown(c, ShutdownHow.Write, w.Now) == 0;
            if (w.Now % 3 == 0)
            {
                int r = w.B.Receive(s, got.AsSpan(received, Math.Min(got.Length - received, rng.Next(1, 70000))), w.Now);
                if (r > 0) received += r;
                if (r == 0) eof = true;
                if (r < 0 && r != NetError.WouldBlock) Assert.Fail($"receive error {r}");
            }
            return eof;
        }, 2_000_000);
        TestContext.Out.WriteLine($"seed {seed} loss {w.Loss:F3} dup {w.Duplicate:F3} reo {w.Reorder:F3} cor {w.Corrupt:F3} nodelay {nodelay} rb {rb} size {data.Length} chunk {chunk} took {w.Now} ms; A rtx {w.A.Stats.TcpRetransmits} fr {w.A.Stats.TcpFastRetransmits} to {w.A.Stats.TcpTimeouts}");
        Assert.That(ok, Is.True, $"finished: sent {sent} received {received} state A {w.A.State(c)} B {w.B.State(s)}");
        Assert.That(got.AsSpan(0, received).ToArray(), Is.EqualTo(data));
        Assert.That(w.A.Stats.InternalErrors + w.B.Stats.InternalErrors, Is.EqualTo(0));
    }
}
