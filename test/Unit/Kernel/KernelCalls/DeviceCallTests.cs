using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// DevIo, VDevIo, IrqCtl and device memory (VmCtl MapDevice): a driver reaches only the ports, lines and
// device memory its policy lists, and a refused request touches no hardware.
public sealed unsafe class DeviceCallTests : KernelCallFixture
{
    private const string Driver = "kernel devio vdevio irqctl umap\nio 0x80 0x1f0-0x1f7\nirq 9\nmemory 0xb8000+0x1000 0xfebf0000+0x2000";

    // --- DevIo ---

    [TestCase(0x1_0000L, 1, DevIoMessage.In, Status.BadArgument)]         // port past 16 bits
    [TestCase(-1L, 1, DevIoMessage.In, Status.BadArgument)]
    [TestCase(0x80L, 0, DevIoMessage.In, Status.BadArgument)]             // widths: 1, 2 or 4
    [TestCase(0x80L, 3, DevIoMessage.In, Status.BadArgument)]
    [TestCase(0x80L, 8, DevIoMessage.In, Status.BadArgument)]
    [TestCase(0x80L, 1, 2, Status.BadArgument)]                           // neither In nor Out
    [TestCase(0x80L, 1, -1, Status.BadArgument)]
    [TestCase(0x64L, 1, DevIoMessage.In, Status.NotAllowed)]              // not listed
    [TestCase(0x80L, 2, DevIoMessage.Out, Status.NotAllowed)]             // 0x80-0x81 straddles the end of 0x80
    [TestCase(0x1f6L, 4, DevIoMessage.In, Status.NotAllowed)]             // 0x1f6-0x1f9 straddles 0x1f7
    [TestCase(0xFFFFL, 4, DevIoMessage.In, Status.NotAllowed)]            // would wrap past 0xFFFF
    public void APortAccessOutsideThePolicyIsRefusedAndTouchesNoPort(long port, long width, long direction, int status)
    {
        Process driver = Start("driver", Driver);
        AssertRefused(status, driver, KernelCall.DevIo, port, width, direction, 0x55);
        Assert.That(Cpu.Accesses, Is.Empty);
    }

    [Test]
    public void APortInsideThePolicyIsReadAndWritten()
    {
        Process driver = Start("driver", Driver);
        var message = new Message { Word0 = 0x1f4, Word1 = 2, Word2 = DevIoMessage.In };
        Assert.That(Call(driver, KernelCall.DevIo, ref message), Is.EqualTo(Status.Ok));
        Assert.That(message.Word3, Is.EqualTo(unchecked((ushort)Cpu.InputValue)));
        Assert.That(Call(driver, KernelCall.DevIo, 0x80, 1, DevIoMessage.Out, 0x42), Is.EqualTo(Status.Ok));
        Assert.That(Cpu.Accesses, Is.EqualTo(new[] { new Cpu.PortAccess(0x1f4, 2, false, 0), new Cpu.PortAccess(0x80, 1, true, 0x42) }));
    }

    // --- VDevIo ---

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(VDevIoMessage.MaxRequests + 1L)]
    [TestCase(long.MinValue)]
    public void AVectorOfABadLengthIsRefused(long count)
    {
        Process driver = Start("driver", Driver);
        AssertRefused(Status.BadArgument, driver, KernelCall.VDevIo, (long)Scratch, count);
    }

    [TestCase(Unmapped)]
    [TestCase(KernelAddress)]
    [TestCase(NonCanonical)]
    [TestCase(DataEnd - 8)]          // the second request is past the caller's memory
    public void AVectorOutsideTheCallersMemoryIsRefused(ulong address)
    {
        Process driver = Start("driver", Driver);
        AssertRefused(Status.BadAddress, driver, KernelCall.VDevIo, (long)address, 2);
        Assert.That(Cpu.Accesses, Is.Empty);
    }

    [Test]
    public void OneForbiddenRequestInAVectorRefusesAllOfThemBeforeAnyRuns()
    {
        Process driver = Start("driver", Driver);
        var requests = new[]
        {
            new DevIoRequest { Port = 0x80, Width = 1, Direction = DevIoMessage.Out, Value = 1 },
            new DevIoRequest { Port = 0x1f0, Width = 2, Direction = DevIoMessage.In },
            new DevIoRequest { Port = 0x70, Width = 1, Direction = DevIoMessage.Out, Value = 2 },   // the CMOS: not listed
        };
        for (int i = 0; i < requests.Length; i++)
            Write(driver, Scratch + (ulong)(i * sizeof(DevIoRequest)), requests[i]);
        AssertRefused(Status.NotAllowed, driver, KernelCall.VDevIo, (long)Scratch, 3);
        Assert.That(Cpu.Accesses, Is.Empty);
        Assert.That(Console, Does.Contain("[driver] denied port 0x0070"));

        requests[2].Port = 0x80;
        requests[2].Width = 3;
        Write(driver, Scratch + 2UL * (ulong)sizeof(DevIoRequest), requests[2]);
        Assert.That(Call(driver, KernelCall.VDevIo, (long)Scratch, 3), Is.EqualTo(Status.BadArgument), "width 3");
        Assert.That(Cpu.Accesses, Is.Empty);
    }

    [Test]
    public void AnAllowedVectorRunsInOrderAndReturnsWhatItRead()
    {
        Process driver = Start("driver", Driver);
        Write(driver, Scratch, new DevIoRequest { Port = 0x80, Width = 1, Direction = DevIoMessage.Out, Value = 7 });
        Write(driver, Scratch + (ulong)sizeof(DevIoRequest), new DevIoRequest { Port = 0x1f0, Width = 4, Direction = DevIoMessage.In });
        Assert.That(Call(driver, KernelCall.VDevIo, (long)Scratch, 2), Is.EqualTo(Status.Ok));
        Assert.That(Read<DevIoRequest>(driver, Scratch + (ulong)sizeof(DevIoRequest)).Value, Is.EqualTo(Cpu.InputValue));
        Assert.That(Cpu.Accesses.Select(a => a.Port), Is.EqualTo(new ushort[] { 0x80, 0x1f0 }));
    }

    // String form: Word0 buffer, Word1 count, Word2 String, Word3 port, Word4 width, Word5 direction.
    [TestCase(0L, 0x1f0L, 2L, DevIoMessage.In, Status.BadArgument)]
    [TestCase(-4L, 0x1f0L, 2L, DevIoMessage.In, Status.BadArgument)]
    [TestCase(513L, 0x1f0L, 2L, DevIoMessage.In, Status.BadArgument)]                    // 1026 bytes: past MaxStringBytes
    [TestCase(0x4000_0000_0000_0000L, 0x1f0L, 4L, DevIoMessage.In, Status.BadArgument)]  // count * width wraps to 0
    [TestCase(0x4000_0000_0000_0001L, 0x1f0L, 4L, DevIoMessage.In, Status.BadArgument)]  // ... and to 4
    [TestCase(256L, 0x1_01f0L, 2L, DevIoMessage.In, Status.BadArgument)]                 // port past 16 bits
    [TestCase(256L, 0x1f0L, 3L, DevIoMessage.In, Status.BadArgument)]
    [TestCase(256L, 0x1f0L, -2L, DevIoMessage.In, Status.BadArgument)]
    [TestCase(256L, 0x1f0L, 2L, 0x101L, Status.BadArgument)]                             // direction past a byte
    [TestCase(256L, 0x1f0L, 2L, 2L, Status.BadArgument)]
    [TestCase(256L, 0x3f8L, 2L, DevIoMessage.In, Status.NotAllowed)]
    [TestCase(256L, 0x1f7L, 2L, DevIoMessage.Out, Status.NotAllowed)]
    public void AStringTransferOutsideItsLimitsIsRefused(long count, long port, long width, long direction, int status)
    {
        Process driver = Start("driver", Driver);
        AssertRefused(status, driver, KernelCall.VDevIo, (long)Scratch, count, VDevIoMessage.String, port, width, direction);
        Assert.That(Cpu.Accesses, Is.Empty);
    }

    [Test]
    public void AStringTransferIntoUnwritableMemoryFailsAndOutOfUnreadableMemoryTouchesNoPort()
    {
        Process driver = Start("driver", Driver);
        AssertRefused(Status.BadAddress, driver, KernelCall.VDevIo, (long)KernelAddress, 4, VDevIoMessage.String, 0x1f0, 2, DevIoMessage.Out);
        Assert.That(Cpu.Accesses, Is.Empty);
        Assert.That(Call(driver, KernelCall.VDevIo, (long)Code, 4, VDevIoMessage.String, 0x1f0, 2, DevIoMessage.In), Is.EqualTo(Status.BadAddress));
        Assert.That(Call(driver, KernelCall.VDevIo, (long)Scratch, 256, VDevIoMessage.String, 0x1f0, 2, DevIoMessage.In), Is.EqualTo(Status.Ok), "the control");
        Assert.That(Read<ushort>(driver, Scratch + 510), Is.EqualTo(unchecked((ushort)Cpu.InputValue)));
    }

    // --- IrqCtl ---

    [TestCase(IrqCtlMessage.Enable, -1L, Status.BadArgument)]
    [TestCase(IrqCtlMessage.Enable, 16L, Status.BadArgument)]
    [TestCase(IrqCtlMessage.Enable, long.MaxValue, Status.BadArgument)]
    [TestCase(IrqCtlMessage.Enable, 1L, Status.NotAllowed)]
    [TestCase(IrqCtlMessage.Disable, 14L, Status.NotAllowed)]
    [TestCase(7L, 9L, Status.BadArgument)]                  // neither Enable nor Disable
    [TestCase(-1L, 9L, Status.BadArgument)]
    public void AnIrqRequestOutsideThePolicyIsRefused(long operation, long line, int status)
    {
        Process driver = Start("driver", Driver);
        AssertRefused(status, driver, KernelCall.IrqCtl, operation, line);
        Assert.That(Cpu.Accesses, Is.Empty, "the PIC's mask is untouched");
    }

    [Test]
    public void TheTimerAndTheCascadeStayTheKernelsEvenWhenAPolicyListsThem()
    {
        Process driver = Start("driver", "kernel irqctl\nirq 0 2");
        AssertRefused(Status.Busy, driver, KernelCall.IrqCtl, IrqCtlMessage.Enable, 0);
        AssertRefused(Status.Busy, driver, KernelCall.IrqCtl, IrqCtlMessage.Disable, 2);
    }

    [Test]
    public void ALineOwnedByALiveComponentIsBusyForAnotherAndFreedWhenTheOwnerEnds()
    {
        Process owner = Start("owner", Driver), other = Start("other", Driver);
        Assert.That(Call(owner, KernelCall.IrqCtl, IrqCtlMessage.Enable, 9), Is.EqualTo(Status.Ok));
        Assert.That(Cpu.Accesses, Is.Not.Empty, "enabling unmasks the line");
        Cpu.Accesses.Clear();
        AssertRefused(Status.Busy, other, KernelCall.IrqCtl, IrqCtlMessage.Enable, 9);
        AssertRefused(Status.Busy, other, KernelCall.IrqCtl, IrqCtlMessage.Disable, 9);
        Assert.That(Cpu.Accesses, Is.Empty);
        Termination.End(owner, DefectClass.Exit, 0, 0);
        Assert.That(Call(other, KernelCall.IrqCtl, IrqCtlMessage.Enable, 9), Is.EqualTo(Status.Ok), "the line was released with its owner");
    }

    // --- Device memory (VmCtl MapDevice: vm picks the address, the
    // target's table decides what) ---

    private const ulong Window = 0x0000_00C0_0000_0000;

    private static Message MapDevice(Process target, long physical, long length, ulong address = Window)
    {
        Message message = default;
        VmMapRequest* request = VmMapRequest.Of(&message);
        request->Operation = VmCtlOperation.MapDevice;
        request->Target = target.Endpoint.Value;
        request->Address = (long)address;
        request->Length = length;
        request->SourceAddress = physical;
        return message;
    }

    [TestCase(0xa0000L, 0x1000L, Status.NotAllowed)]                  // not listed
    [TestCase(0xb8000L, 0x2000L, Status.NotAllowed)]                  // runs past the listed range
    [TestCase(0xb7000L, 0x2000L, Status.NotAllowed)]                  // starts before it
    [TestCase(0xfebf1000L, 0x2000L, Status.NotAllowed)]
    [TestCase(0x100000L, 0x1000L, Status.NotAllowed)]                 // the kernel image
    [TestCase(0L, 0x1000L, Status.NotAllowed)]
    [TestCase(-0x1000L, 0x2000L, Status.NotAllowed)]                  // base + length wraps to 0x1000
    [TestCase(0xb8000L, -0xb8000L, Status.NotAllowed)]                // length wraps the end to 0
    [TestCase(0xb8000L, 0x800L, Status.BadArgument)]                  // not whole pages
    [TestCase(0xb8000L, 0L, Status.BadArgument)]
    public void DeviceMemoryOutsideTheTargetsPolicyIsNotMapped(long physical, long length, int status)
    {
        Process driver = Start("driver", Driver), vm = Start("vm", "kernel vmctl");
        var message = MapDevice(driver, physical, length);
        AssertRefused(status, vm, KernelCall.VmCtl, ref message);
        Assert.That(VgaText.HandedOver, Is.False);
    }

    [TestCase(KernelAddress)]                        // the kernel's half stays the kernel's
    [TestCase(Window + 0x800)]                       // not page aligned
    [TestCase(Data)]                                 // over the image
    public void DeviceMemoryGoesOnlyToFreeUserAddresses(ulong address)
    {
        Process driver = Start("driver", Driver), vm = Start("vm", "kernel vmctl");
        var message = MapDevice(driver, 0xfebf0000, 0x1000, address);
        AssertRefused(Status.BadArgument, vm, KernelCall.VmCtl, ref message);
    }

    [Test]
    public void ListedDeviceMemoryIsMappedIntoTheTargetOnly()
    {
        Process driver = Start("driver", Driver), other = Start("other", "kernel umap"), vm = Start("vm", "kernel vmctl");
        var message = MapDevice(driver, 0xfebf0000, 0x2000);
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        Assert.That(KernelServices.Host.IsWritable(driver, Window, 0x2000), Is.True);
        Assert.That(KernelServices.Host.IsWritable(other, Window, 1), Is.False);
        Assert.That(VgaText.HandedOver, Is.False, "only a mapping of the VGA text buffer takes the screen");
        message = MapDevice(other, 0xfebf0000, 0x1000);
        AssertRefused(Status.NotAllowed, vm, KernelCall.VmCtl, ref message);
        message = MapDevice(driver, 0xb8000, 0x1000, Window + 0x2000);
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        Assert.That(VgaText.HandedOver, Is.True, "the VGA text buffer: the kernel stops writing the screen");
    }

    [Test]
    public void TheUMapNumberIsNoKernelCallAnyMore()
    {
        Process driver = Start("driver", Driver);
        AssertRefused(Status.BadKernelCall, driver, KernelCall.UMap, 0xfebf0000, 0x1000);
    }
}
