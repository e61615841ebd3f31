using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Text;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Bench;

// The Linux peer's boot files, from the host's own packages: Debian's
// kernel (linux-image-amd64: /boot/vmlinuz-<version> and its modules in
// /lib/modules/<version>) and an initramfs made here, a newc cpio holding
// busybox-static, the modules the disk needs, a tiny time stamp counter
// reader and the /init script the caller gives.
internal sealed class LinuxPeerImage
{
    // IDE disk (ata_piix, via libata and SCSI disks), the FAT file system
    // and the code page and character set vfat loads by default in
    // Debian's configuration (FAT_DEFAULT_CODEPAGE 437, IOCHARSET ascii).
    // Their dependencies come from modules.dep.
    private static readonly string[] DiskModules = { "ata_piix", "sd_mod", "vfat", "nls_cp437", "nls_ascii" };

    private const string Busybox = "/bin/busybox";

    private LinuxPeerImage(string kernel, string version, string modules)
    {
        Kernel = kernel;
        Version = version;
        ModulesDirectory = modules;
    }

    public string Kernel { get; }

    public string Version { get; }

    public string ModulesDirectory { get; }

    // The newest kernel in /boot that has its modules installed.
    public static LinuxPeerImage Locate(string boot = "/boot", string modules = "/lib/modules")
    {
        string? best = null;
        if (Directory.Exists(boot))
        {
            foreach (string file in Directory.GetFiles(boot, "vmlinuz-*"))
            {
                string version = Path.GetFileName(file)["vmlinuz-".Length..];
                if (File.Exists(Path.Combine(modules, version, "modules.dep")) && (best == null || CompareVersions(version, best) > 0))
                    best = version;
            }
        }
        if (best == null)
            throw new InvalidOperationException($"no Linux kernel with modules in {boot} and {modules}: install Debian's linux-image-amd64 (the build does as root: src/Launcher/HostPackages.cs)");
        return new LinuxPeerImage(Path.Combine(boot, "vmlinuz-" + best), best, Path.Combine(modules, best));
    }

    // The modules to insmod, in load order: each one's dependencies first.
    // `extra`: more modules by name (test/Boot's network guests add NIC drivers).
    public List<string> ModuleLoadOrder(IEnumerable<string>? extra = null)
    {
        var dependencies = new Dictionary<string, string[]>();
        var byName = new Dictionary<string, string>();
        foreach (string line in File.ReadLines(Path.Combine(ModulesDirectory, "modules.dep")))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            string module = line[..colon];
            dependencies[module] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            byName[ModuleName(module)] = module;
        }
        var order = new List<string>();
        var names = new List<string>(DiskModules);
        names.AddRange(extra ?? Array.Empty<string>());
        foreach (string name in names)
        {
            if (!byName.TryGetValue(name.Replace('-', '_'), out string? module))
                throw new InvalidOperationException($"the kernel {Version} has no module {name} in {ModulesDirectory}/modules.dep (built in? then leave it out)");
            Add(module);
        }
        return order;

        void Add(string module)
        {
            if (order.Contains(module))
                return;
            foreach (string dependency in dependencies.GetValueOrDefault(module, Array.Empty<string>()))
                Add(dependency);
            order.Add(module);
        }
    }

    // "kernel/fs/fat/vfat.ko.xz" -> "vfat"; the kernel treats - and _ alike.
    public static string ModuleName(string path)
    {
        string name = Path.GetFileName(path);
        return name[..name.IndexOf(".ko", StringComparison.Ordinal)].Replace('-', '_');
    }

    // The initramfs: /init (the script), /bin/busybox, /bin/tsc and the
    // modules (decompressed: busybox insmod loads plain .ko files) in
    // /lib/modules under their own names, loaded by the script in the
    // order of ModuleLoadOrder.
    public byte[] Initramfs(string initScript, IEnumerable<string>? extraModules = null)
    {
        byte[] busybox = File.Exists(Busybox) ? File.ReadAllBytes(Busybox) : throw new InvalidOperationException($"no {Busybox}: install Debian's busybox-static");
        if (HasInterpreter(busybox))
            throw new InvalidOperationException($"{Busybox} is dynamically linked: install Debian's busybox-static (it replaces busybox)");
        var cpio = new NewcArchive();
        foreach (string directory in new[] { "bin", "dev", "lib", "lib/modules", "mnt", "proc", "sys", "tmp" })
            cpio.Directory(directory);
        cpio.CharacterDevice("dev/console", 5, 1);
        cpio.File("init", Encoding.ASCII.GetBytes(initScript), executable: true);
        cpio.File("bin/busybox", busybox, executable: true);
        cpio.File("bin/tsc", TscProgram(), executable: true);
        foreach (string module in ModuleLoadOrder(extraModules))
            cpio.File("lib/modules/" + ModuleName(module) + ".ko", ModuleBytes(Path.Combine(ModulesDirectory, module)), executable: false);
        return cpio.Finish();
    }

    private static byte[] ModuleBytes(string path)
    {
        if (path.EndsWith(".ko", StringComparison.Ordinal))
            return File.ReadAllBytes(path);
        if (path.EndsWith(".ko.gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        if (path.EndsWith(".ko.xz", StringComparison.Ordinal))
            return Decompressed("xz", "xz-utils", path);
        if (path.EndsWith(".ko.zst", StringComparison.Ordinal))
            return Decompressed("zstd", "zstd", path);
        throw new InvalidOperationException($"unknown module compression: {path}");
    }

    private static byte[] Decompressed(string tool, string package, string path)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false, ArgumentList = { "-dc", path } };
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { throw new InvalidOperationException($"{tool} is missing to decompress {path}: install {package}"); }
        using (process)
        {
            using var plain = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(plain);
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} -dc {path} failed ({process.ExitCode})");
            return plain.ToArray();
        }
    }

    // A dynamically linked ELF has a PT_INTERP (3) program header; the
    // initramfs has no C library for it.
    private static bool HasInterpreter(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2)
            throw new InvalidOperationException($"{Busybox} is not a 64-bit ELF program");
        long table = BitConverter.ToInt64(elf, 0x20);
        int size = BitConverter.ToUInt16(elf, 0x36), count = BitConverter.ToUInt16(elf, 0x38);
        for (int i = 0; i < count; i++)
        {
            if (BitConverter.ToUInt32(elf, (int)(table + i * size)) == 3)
                return true;
        }
        return false;
    }

    // /bin/tsc: writes the time stamp counter as 8 raw bytes to stdout
    // (`tsc | od -An -tu8` prints it). Under -icount the counter is the
    // guest's clock from power-on, which Linux's own clocks do not show:
    // they start when the kernel sets them up, seconds after the firmware
    // and the kernel's decompression. A static ELF of one segment.
    public static byte[] TscProgram()
    {
        const ulong Base = 0x400000;
        const int HeaderBytes = 64 + 56;
        var a = new Assembler(64);
        a.rdtsc();
        a.shl(rdx, 32);
        a.or(rax, rdx);
        a.push(rax);
        a.mov(eax, 1);   // write(1, rsp, 8)
        a.mov(edi, 1);
        a.mov(rsi, rsp);
        a.mov(edx, 8);
        a.syscall();
        a.mov(eax, 60);  // exit(0)
        a.xor(edi, edi);
        a.syscall();
        using var code = new MemoryStream();
        a.Assemble(new StreamCodeWriter(code), Base + HeaderBytes);
        ulong total = HeaderBytes + (ulong)code.Length;

        using var elf = new MemoryStream();
        var w = new BinaryWriter(elf);
        w.Write(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }); // 64-bit, little endian, System V
        w.Write((ushort)2);                  // executable
        w.Write((ushort)0x3e);               // x86-64
        w.Write(1u);                         // ELF version
        w.Write(Base + HeaderBytes);         // entry: the code after the headers
        w.Write(64UL);                       // program headers right after this header
        w.Write(0UL);                        // no section headers
        w.Write(0u);                         // flags
        w.Write((ushort)64);                 // this header's size
        w.Write((ushort)56);                 // one program header's size
        w.Write((ushort)1);                  // one of them
        w.Write((ushort)0);                  // section header size, count, names: none
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write(1u);                         // PT_LOAD of the whole file
        w.Write(5u);                         // readable, executable
        w.Write(0UL);                        // from file offset 0
        w.Write(Base);                       // at Base
        w.Write(Base);
        w.Write(total);                      // file size
        w.Write(total);                      // memory size
        w.Write(0x1000UL);                   // page aligned
        w.Write(code.ToArray());
        w.Flush();
        return elf.ToArray();
    }

    // Natural order of kernel versions: "6.10.0-1" after "6.9.0-3".
    public static int CompareVersions(string left, string right)
    {
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (char.IsDigit(left[i]) && char.IsDigit(right[j]))
            {
                int si = i, sj = j;
                while (i < left.Length && char.IsDigit(left[i])) i++;
                while (j < right.Length && char.IsDigit(right[j])) j++;
                int order = decimal.Parse(left[si..i]).CompareTo(decimal.Parse(right[sj..j]));
                if (order != 0)
                    return order;
            }
            else
            {
                if (left[i] != right[j])
                    return left[i].CompareTo(right[j]);
                i++;
                j++;
            }
        }
        return (left.Length - i).CompareTo(right.Length - j);
    }

    // The "new" (SVR4, no checksum) cpio format the kernel unpacks:
    // a 110-byte ASCII header per entry, the name, the data, each padded
    // to 4 bytes, and a TRAILER!!! entry at the end.
    private sealed class NewcArchive
    {
        private readonly MemoryStream _stream = new();
        private int _inode = 1;

        public void Directory(string name) => Entry(name, 0x41ed, Array.Empty<byte>(), 0, 0);

        public void CharacterDevice(string name, int major, int minor) => Entry(name, 0x2180, Array.Empty<byte>(), major, minor);

        public void File(string name, byte[] data, bool executable) => Entry(name, executable ? 0x81ed : 0x81a4, data, 0, 0);

        public byte[] Finish()
        {
            Entry("TRAILER!!!", 0, Array.Empty<byte>(), 0, 0);
            return _stream.ToArray();
        }

        private void Entry(string name, int mode, byte[] data, int major, int minor)
        {
            int nlink = (mode & 0xf000) == 0x4000 ? 2 : 1;
            int[] fields = { _inode++, mode, 0, 0, nlink, 0, data.Length, 0, 0, major, minor, name.Length + 1, 0 };
            var header = new StringBuilder("070701");
            foreach (int field in fields)
                header.Append(field.ToString("X8"));
            Write(Encoding.ASCII.GetBytes(header.ToString()));
            Write(Encoding.ASCII.GetBytes(name + "\0"));
            Pad();
            Write(data);
            Pad();
        }

        private void Write(byte[] bytes) => _stream.Write(bytes, 0, bytes.Length);

        private void Pad()
        {
            while (_stream.Length % 4 != 0)
                _stream.WriteByte(0);
        }
    }
}
