using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.NetReader
{
    // The network experiment's reader: GETs the URL /netreader.conf names
    // ("URL[ COUNT]", e.g. "http://10.0.2.100/big.bin 3") COUNT times in a
    // row with wget's client (HttpGetter over a socket), and prints
    //   netreader: fetching URL COUNT times
    //   netreader: N MiB at T tsc                  each MiB (N over all transfers)
    //   netreader: transfer I of C: B bytes, fnv X, T tsc   (T: its guest time)
    //   netreader: read B bytes, fnv X, T tsc      (all transfers)
    // with FNV-1a 64 over every byte in order (diskreader's checksum, the
    // host computes the same), or "netreader: FAILED ..." and status 1.
    // It first waits (bounded) for inet to have an address on eth0: the
    // DHCP lease comes a moment after the boot.
    public static class Program
    {
        private const string ConfigFile = "/netreader.conf";
        private const long LeaseWaitMs = 60_000;
        private const int MaxCount = 1000;

        public static int Main()
        {
            if (!Configure(out string url, out int count))
                return 1;
            if (!WaitForLease())
                return Fail("inet leased no address within " + (LeaseWaitMs / 1000).ToString() + " s");
            Diagnostics.Print(string.Concat("netreader: fetching ", url, " ", count.ToString(), " times"));
            var sink = new HashingSink();
            var errors = new OutputBuffer(new ConsoleSink()) { LineBuffered = true };
            var getter = new HttpGetter(new SocketNetwork(), errors) { Name = "netreader", Quiet = true };
            long start = Lib.Sys.Process.TimeStampCounter();
            for (int i = 1; i <= count; i++)
            {
                long before = sink.Total, began = Lib.Sys.Process.TimeStampCounter();
                int status = getter.Run(url, new Target(sink), null);
                errors.Flush();
                if (status != 0)
                    return Fail(string.Concat("transfer ", i.ToString(), " after ", (sink.Total - before).ToString(), " bytes"));
                long took = Lib.Sys.Process.TimeStampCounter() - began;
                Diagnostics.Print(string.Concat("netreader: transfer ", i.ToString(), " of ", count.ToString(), ": ",
                    (sink.Total - before).ToString(), " bytes, fnv ", sink.TransferHash.ToString("x16"), ", ", took.ToString(), " tsc"));
                sink.NextTransfer();
            }
            long total = Lib.Sys.Process.TimeStampCounter() - start;
            Diagnostics.Print(string.Concat("netreader: read ", sink.Total.ToString(), " bytes, fnv ", sink.Hash.ToString("x16"), ", ", total.ToString(), " tsc"));
            return 0;
        }

        // "URL[ COUNT]" from the disk; false (reported) when it is missing or wrong.
        private static bool Configure(out string url, out int count)
        {
            url = "";
            count = 1;
            int fd = Files.Open(ConfigFile, OpenFlags.Read);
            if (fd < 0)
                return Fail(ConfigFile + ": " + Files.ErrorText(fd)) == 0;
            var bytes = new byte[256];
            int length = Files.Read(fd, bytes);
            Files.Close(fd);
            // The first line, without its end.
            int end = 0;
            while (end < length && bytes[end] != (byte)'\n' && bytes[end] != (byte)'\r')
                end++;
            var chars = new char[end];
            for (int i = 0; i < end; i++)
                chars[i] = (char)bytes[i];
            string line = new string(chars);
            int space = line.IndexOf(' ');
            url = space < 0 ? line : line.Substring(0, space);
            if (space >= 0)
            {
                if (!Numbers.TryParse(line.Substring(space + 1), MaxCount, out long wanted) || wanted < 1)
                    return Fail(ConfigFile + " is not \"URL[ COUNT]\" (COUNT 1.." + MaxCount.ToString() + ")") == 0;
                count = (int)wanted;
            }
            if (HttpUrl.Parse(url, out string problem) == null)
                return Fail(ConfigFile + ": " + problem) == 0;
            return true;
        }

        // Polls /dev/inet until eth0 (interface 1) has an address.
        private static bool WaitForLease()
        {
            long deadline = Lib.Sys.Process.UptimeMs() + LeaseWaitMs;
            while (Lib.Sys.Process.UptimeMs() < deadline)
            {
                int control = Sockets.OpenControl();
                if (control >= 0)
                {
                    int status = Sockets.InterfaceAt(control, 1, out InterfaceBlock block);
                    Sockets.Close(control);
                    if (status >= 0 && block.Address != 0)
                        return true;
                }
                Devices.Sleep(100);
            }
            return false;
        }

        private static int Fail(string what)
        {
            Diagnostics.Print("netreader: FAILED " + what);
            return 1;
        }
    }

    // Hashes the body and prints a progress line at every MiB.
    internal sealed class HashingSink : IByteSink
    {
        private const long Step = 1 << 20;

        public ulong Hash { get; private set; } = 14695981039346656037UL;
        public ulong TransferHash { get; private set; } = 14695981039346656037UL;
        public long Total { get; private set; }

        public void NextTransfer() => TransferHash = 14695981039346656037UL;

        public int Write(ReadOnlySpan<byte> data)
        {
            ulong hash = Hash, transfer = TransferHash;
            for (int i = 0; i < data.Length; i++)
            {
                hash = (hash ^ data[i]) * 1099511628211UL;
                transfer = (transfer ^ data[i]) * 1099511628211UL;
            }
            Hash = hash;
            TransferHash = transfer;
            long before = Total;
            Total += data.Length;
            if (Total / Step != before / Step)
                Diagnostics.Print(string.Concat("netreader: ", (Total / Step).ToString(), " MiB at ", Lib.Sys.Process.TimeStampCounter().ToString(), " tsc"));
            return data.Length;
        }
    }

    internal sealed class Target : IHttpTarget
    {
        private readonly HashingSink _sink;

        public Target(HashingSink sink) => _sink = sink;

        public IByteSink Sink => _sink;
        public string? Open() => null;
        public string? Close() => null;
        public string WriteError(int status) => "checksum: " + status.ToString();
        public void Discard() { }
    }

    // HttpGetter's messages ("netreader: ...") on the console, a line each.
    internal sealed class ConsoleSink : IByteSink
    {
        public int Write(ReadOnlySpan<byte> data)
        {
            var chars = new char[data.Length];
            int n = 0;
            for (int i = 0; i < data.Length; i++)
                if (data[i] != (byte)'\n')
                    chars[n++] = (char)data[i];
            if (n > 0)
                Diagnostics.Print(new string(chars, 0, n));
            return data.Length;
        }
    }
}
