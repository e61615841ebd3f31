using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PciRogue
{
    // Asks pci for devices its policy does not name, and, once pciprobe
    // says where its device's ports are, tries them and the device's
    // configuration: every one refused. Then claims the device its policy
    // does name, which it gets, and sends pci malformed requests.
    public static unsafe class Program
    {
        public static int Main()
        {
            Checks.Component = "pcirogue";
            Checks.Status("claim of 8086:7010, not in its policy", PciClient.Claim(0x8086, 0x7010, 0, out _), PciStatus.NotInPolicy);
            Checks.Status("claim of 1234:1111, not in its policy", PciClient.Claim(0x1234, 0x1111, 0, out _), PciStatus.NotInPolicy);
            Checks.Status("dma memory without the dma bit", Devices.AllocateDma(4096, out _, out _), Status.NotAllowed);
            Message message;
            while (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Type != PciTestMessage.Try)
            {
            }
            int prober = message.Source, address = PciTestMessage.Of(&message)->Address;
            ushort port = (ushort)PciTestMessage.Of(&message)->Port;
            Checks.Status("devio on pciprobe's bar4 port 0x" + (port + 2).ToString("x"), Devices.In((ushort)(port + 2), 1, out _), Status.NotAllowed);
            Checks.Status("config read of pciprobe's device", PciClient.ConfigRead(address, 0, 4, out _), PciStatus.NotOwner);
            Checks.Status("config write of pciprobe's device", PciClient.ConfigWrite(address, 4, 2, 0), PciStatus.NotOwner);
            Checks.Status("bar of pciprobe's device", PciClient.Bar(address, 4, out _), PciStatus.NotOwner);
            message = default;
            message.Type = PciTestMessage.Done;
            Ipc.SendAsync(new Endpoint(prober), &message);

            int status = PciClient.Claim(0, 0, 0, out PciDeviceReply acpi);
            Checks.That("claim of the first device its policy names", status == Status.Ok && acpi.Vendor == 0x8086 && acpi.Device == 0x7113,
                string.Concat("status ", status.ToString(), ", ", acpi.Vendor.ToString("x4"), ":", acpi.Device.ToString("x4")));
            Checks.Status("claim of a second 8086:7113", PciClient.Claim(0x8086, 0x7113, 1, out _), PciStatus.NoDevice);
            Checks.Status("config write of its own identity", PciClient.ConfigWrite(acpi.Address, 0, 2, 0x1234), PciStatus.ReadOnly);
            PciClient.ConfigRead(acpi.Address, 0, 4, out uint id);
            Checks.That("its identity unchanged", id == 0x7113_8086, "0x" + id.ToString("x"));
            Checks.Status("config read misaligned", PciClient.ConfigRead(acpi.Address, 0x3D, 2, out _), Status.BadArgument);
            Checks.Status("config of no device", PciClient.ConfigRead(0x1F00, 0, 4, out _), PciStatus.NoDevice);
            Endpoint pci = Endpoints.Lookup(PciClient.Label);
            message = default;
            message.Type = PciRequest.Claim + 0x80;
            Checks.Status("an unknown request", Ipc.SendRec(pci, &message) == Status.Ok ? message.Type : -1, Status.BadArgument);
            Diagnostics.Print(string.Concat("pcirogue: done, ", Checks.Failed.ToString(), " failed"));
            return 0;
        }
    }
}
