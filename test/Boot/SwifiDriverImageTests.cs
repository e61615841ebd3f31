using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Swifi.Mutation;
using Minix3.Cosmos.Testing.Swifi;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The generator over the real drivers, as packed in the test image
// (iso/out/test/image/boot; this project references test/Image, so its
// build comes first; in test/Unit it would race the image's build): every supported type gives valid patches, and irq
// is supported exactly by the drivers that take interrupts.
public class SwifiDriverImageTests
{
    private static readonly string[] Drivers = { "ata", "e1000", "rtl8139", "serial", "keyboard", "memory", "ramdisk", "hello" };

    // ata polls (nIEN set, AtaChannel.cs); memory, ramdisk and hello have no device.
    private static readonly string[] Interrupted = { "e1000", "rtl8139", "serial", "keyboard" };

    private static string Boot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Minix3.Cosmos.sln")))
            {
                string boot = Path.Combine(dir.FullName, "iso", "out", "test", "image", "boot");
                string[] missing = Drivers.Where(d => !File.Exists(Path.Combine(boot, d))).ToArray();
                if (missing.Length > 0)
                    Assert.Fail($"{boot} lacks {string.Join(", ", missing)}: build the test image first " +
                        "(dotnet build test/Image/Minix3.Cosmos.TestImage.csproj)");
                return boot;
            }
        }
        throw new DirectoryNotFoundException("Minix3.Cosmos.sln not found above " + AppContext.BaseDirectory);
    }

    [TestCaseSource(nameof(Drivers))]
    public void EveryFaultIsAValidPatchOfTheDriversCode(string label)
    {
        string path = Path.Combine(Boot(), label);
        byte[] elf = File.ReadAllBytes(path);
        DriverCode code = DriverCode.Load(path, label);
        Assert.That(code.InstructionCount, Is.GreaterThan(1000));
        Assert.That(code.Supports(FaultType.Irq), Is.EqualTo(Interrupted.Contains(label)), "irq");
        foreach (FaultType type in Enum.GetValues<FaultType>().Where(t => t != FaultType.Irq))
            Assert.That(code.Supports(type), Is.True, FaultTypes.Name(type));
        foreach (FaultType type in Enum.GetValues<FaultType>().Where(code.Supports))
        {
            for (long id = 0; id < 200; id++)
            {
                Fault fault = code.Make(id, type, 2024);
                PatchChecks.AssertValid(code, elf, fault);
                Assert.That(fault.Applied == type || type == FaultType.Random, Is.True);
            }
        }
    }
}
