using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The swifi campaign agent (bench/Components/SwifiAgent) with hand-made
// plans: the faults are written from the test image's own ELF files (a
// function's address from the symbol table, its first bytes from the
// file), so each trial's outcome is known in advance:
//   ud2 over the start of ata's Transfer (every disk read runs it): a CPU
//   exception, RS restarts ata, the reads are repeated and the checks pass;
//   OLD bytes that are not the code's: the plan does not match, nothing
//   is written; a NOP over FaultInjection.Obey (run only when RS injects
//   a fault, never here): no effect; ud2 over hello's and memory's Read:
//   they crash and come back; ud2 over serial's output path with a host
//   peer on COM2 answering the pings.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class SwifiAgentTests
{
    private const int DiskLength = 8 << 20;
    private static readonly string s_boot = GuestRun.TestImage.BootDirectory;

    [Test]
    public void TrialsOnTheDiskHelloAndMemoryDriversEndAsPlanned()
    {
        var ata = ElfSymbols.Read(Path.Combine(s_boot, "ata"));
        var hello = ElfSymbols.Read(Path.Combine(s_boot, "hello"));
        var memory = ElfSymbols.Read(Path.Combine(s_boot, "memory"));
        ElfSymbol transfer = ata.Find("_AtaDriver__Transfer");
        ElfSymbol obey = ata.Find("_FaultInjection__Obey");
        ElfSymbol helloRead = hello.Find("_HelloDriver__Read");
        ElfSymbol memoryRead = memory.Find("_MemoryDriver__Read");
        byte[] wrong = ata.Bytes(transfer, 2);
        wrong[0] ^= 0xFF;
        string plan = string.Join("\n",
            "# hand-made: see SwifiAgentTests",
            "rounds 2",
            "check ata,memory,hello",
            $"disk /swifi/disk.bin {DiskLength}",
            $"trial 1 ata ud2 {Ud2(ata, transfer)}",
            $"trial 2 ata ud2 {transfer.Address:x}:{Hex(wrong)}:0f0b",
            $"trial 3 ata nop {obey.Address:x}:{Hex(ata.Bytes(obey, 1))}:90",
            $"trial 4 hello ud2 {Ud2(hello, helloRead)}",
            $"trial 5 memory ud2 {Ud2(memory, memoryRead)}",
            "");
        BootResult run = Campaign(plan, "memory,hello,ata,fs,vfs", com2: null);

        GuestRun.Line(run, @"^\[swifiagent\] swifi: ready 5 trials$");
        GuestRun.Line(run, @"^\[swifiagent\] swifi: R 1 crash exception rounds=\d/\d restarts=\d+ type=ud2 t=\d+$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason exception");
        GuestRun.Line(run, $@"^\[swifiagent\] swifi: R 2 mismatch {transfer.Address:x} found={Hex(ata.Bytes(transfer, 2))} type=ud2 t=\d+$");
        GuestRun.Line(run, @"^\[swifiagent\] swifi: R 3 none rounds=2/2 type=nop t=\d+$");
        GuestRun.Line(run, @"^\[swifiagent\] swifi: R 4 crash exception rounds=\d/\d( first=\S+)? restarts=\d+ type=ud2 t=\d+$");
        GuestRun.Line(run, @"^\[swifiagent\] swifi: R 5 crash exception rounds=\d/\d( first=\S+)? restarts=\d+ type=ud2 t=\d+$");
        for (int id = 1; id <= 5; id++)
            GuestRun.Line(run, $@"^\[swifiagent\] swifi: check {id} ok$");
        Assert.That(run.SerialLog, Does.Not.Contain("recovery failed"), "every driver worked after its trial");
        GuestRun.Line(run, @"^\[swifiagent\] swifi: done 5 trials$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // The serial workload with the host's echo peer on COM2: a clean
    // trial (a NOP over code never run) passes its pings, then serial's
    // Write crashes on the first ping, RS restarts it, tty sends the
    // output again and the pong comes back.
    [Test]
    public void TrialsOnTheSerialDriverPingThroughCom2()
    {
        var serial = ElfSymbols.Read(Path.Combine(s_boot, "serial"));
        ElfSymbol write = serial.Find("_SerialDriver__Write");
        ElfSymbol obey = serial.Find("_FaultInjection__Obey");
        string plan = string.Join("\n",
            "rounds 2",
            "check serial,ata",
            $"disk /swifi/disk.bin {DiskLength}",
            $"trial 1 serial nop {obey.Address:x}:{Hex(serial.Bytes(obey, 1))}:90",
            $"trial 2 serial ud2 {Ud2(serial, write)}",
            "");
        string com2 = HostConsole.NewSocketPath("com2");
        using var stop = new CancellationTokenSource();
        try
        {
            Task<int> peer = Task.Run(() => PongPeer(com2, stop.Token));
            BootResult run = Campaign(plan, "memory,keyboard,serial,tty,ata,fs,vfs", com2);
            stop.Cancel();
            GuestRun.Line(run, @"^\[swifiagent\] swifi: ready 2 trials$");
            GuestRun.Line(run, @"^\[swifiagent\] swifi: R 1 none rounds=2/2 type=nop t=\d+$");
            GuestRun.Line(run, @"^\[swifiagent\] swifi: R 2 crash exception rounds=\d/\d( first=\S+)? restarts=\d+ type=ud2 t=\d+$");
            GuestRun.Line(run, @"^\[rs\] rs: restarted serial \(reason exception");
            GuestRun.Line(run, @"^\[swifiagent\] swifi: check 1 ok$");
            GuestRun.Line(run, @"^\[swifiagent\] swifi: check 2 ok$");
            Assert.That(run.SerialLog, Does.Not.Contain("recovery failed"), "serial worked after its trial");
            GuestRun.Line(run, @"^\[swifiagent\] swifi: done 2 trials$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(peer.Result, Is.GreaterThanOrEqualTo(1 + 2 * 3), "pings answered: setup, then each trial's rounds, recovery and check");
        }
        finally
        {
            File.Delete(com2);
        }
    }

    // The host's side of the serial workload: answers each line
    // "swifi-ping ID R" from the guest with "swifi-pong ID R" and again
    // every second until the next ping (lost bytes are retried). Lines it
    // typed come back as tty's echo and are skipped. Returns the pings seen.
    private static int PongPeer(string socket, CancellationToken stop)
    {
        using HostConsole terminal = HostConsole.Connect(socket, DateTime.UtcNow.AddSeconds(60));
        int consumed = 0, pings = 0;
        string? pong = null;
        DateTime sent = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            if (!terminal.ReadUntil("\n", DateTime.UtcNow.AddMilliseconds(250), consumed) && !stop.IsCancellationRequested)
                Thread.Sleep(50);
            string received = terminal.Received;
            int end;
            while ((end = received.IndexOf('\n', consumed)) >= 0)
            {
                string line = received.Substring(consumed, end - consumed);
                consumed = end + 1;
                int at = line.IndexOf("swifi-ping ", StringComparison.Ordinal);
                if (at < 0)
                    continue;
                pings++;
                pong = "swifi-pong " + line.Substring(at + "swifi-ping ".Length);
                sent = DateTime.MinValue;
            }
            if (pong != null && DateTime.UtcNow - sent >= TimeSpan.FromSeconds(1))
            {
                try
                {
                    terminal.Send(pong + "\r");
                }
                catch (System.Net.Sockets.SocketException)
                {
                    break;
                }
                sent = DateTime.UtcNow;
            }
        }
        return pings;
    }

    // Writes `ud2` (0F 0B) over the first two bytes of `function`.
    private static string Ud2(ElfSymbols elf, ElfSymbol function) => $"{function.Address:x}:{Hex(elf.Bytes(function, 2))}:0f0b";

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    // Boots the agent's cast (monitor, ds, rs and `drivers`) on a disk with
    // the plan and the pattern file; the log is checked by the caller.
    private static BootResult Campaign(string plan, string drivers, string? com2)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-swifi-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            disk.Put("/swifi.plan", Encoding.ASCII.GetBytes(plan));
            disk.MakeDirectory("/swifi");
            disk.Put("/swifi/disk.bin", Pattern(DiskLength));
            BootResult run = GuestRun.Qemu($"start=monitor,ds,rs,{drivers},swifiagent exit_when=swifiagent", image: GuestRun.TestImage,
                timeoutSeconds: 240, disk: disk.Path, com2Socket: com2);
            Assert.That(run.TimedOut, Is.False, "the campaign ended in time");
            return run;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The agent's disk pattern: byte o is (byte)((o * 2654435761) >> 24).
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int o = 0; o < length; o++)
            bytes[o] = (byte)(((ulong)o * 2654435761UL) >> 24);
        return bytes;
    }
}

public readonly record struct ElfSymbol(string Name, ulong Address, long FileOffset);

// Just enough of ELF64 to find a function: the symbol table and the
// section each symbol lives in (for its bytes' place in the file).
public sealed class ElfSymbols
{
    private readonly byte[] _file;
    private readonly System.Collections.Generic.List<ElfSymbol> _symbols = new();

    private ElfSymbols(byte[] file) => _file = file;

    public static ElfSymbols Read(string path)
    {
        var elf = new ElfSymbols(File.ReadAllBytes(path));
        elf.Load();
        return elf;
    }

    // The one function symbol whose name ends with `suffix`.
    public ElfSymbol Find(string suffix)
    {
        var found = _symbols.FindAll(s => s.Name.EndsWith(suffix, StringComparison.Ordinal));
        Assert.That(found, Has.Count.EqualTo(1), $"one symbol ending in {suffix}");
        return found[0];
    }

    public byte[] Bytes(ElfSymbol symbol, int count) => _file.AsSpan((int)symbol.FileOffset, count).ToArray();

    private void Load()
    {
        Assert.That(_file.AsSpan(0, 4).SequenceEqual(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }) && _file[4] == 2, "an ELF64 file");
        long sectionsAt = (long)U64(0x28);
        int entrySize = U16(0x3A), count = U16(0x3C);
        for (int i = 0; i < count; i++)
        {
            long header = sectionsAt + (long)i * entrySize;
            if (U32(header + 4) != 2)   // SHT_SYMTAB
                continue;
            long table = (long)U64(header + 0x18), size = (long)U64(header + 0x20), symbolSize = (long)U64(header + 0x38);
            long strings = (long)U64(sectionsAt + (long)U32(header + 0x28) * entrySize + 0x18);
            for (long at = table; at < table + size; at += symbolSize)
            {
                if ((_file[at + 4] & 0xF) != 2)     // STT_FUNC
                    continue;
                int section = U16(at + 6);
                long sectionHeader = sectionsAt + (long)section * entrySize;
                ulong address = U64(at + 8);
                long offset = (long)(address - U64(sectionHeader + 0x10) + U64(sectionHeader + 0x18));
                _symbols.Add(new ElfSymbol(Name(strings + U32(at)), address, offset));
            }
        }
    }

    private string Name(long at)
    {
        long end = at;
        while (_file[end] != 0)
            end++;
        return Encoding.ASCII.GetString(_file, (int)at, (int)(end - at));
    }

    private ulong U64(long at) => BitConverter.ToUInt64(_file, (int)at);
    private uint U32(long at) => BitConverter.ToUInt32(_file, (int)at);
    private int U16(long at) => BitConverter.ToUInt16(_file, (int)at);
}
