using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // A driver's side of the PCI server's protocol (PciMessages.cs): claim
    // the device its policy names (`pci vendor:device`, and `ipc pci`),
    // learn its BARs and line, read and write its configuration registers.
    // Each returns pci's status (Status or PciStatus), or the trap's.
    //
    //   PciClient.Claim(0x8086, 0x100e, 0, out PciDeviceReply nic);
    //   PciClient.Bar(nic.Address, 0, out PciBarReply registers);   // then Devices.Map or DevIo
    public static unsafe class PciClient
    {
        public const string Label = "pci";

        // pci's endpoint, waiting up to about two seconds for it to start
        // (a driver RS starts may come up before it); None if it does not.
        private static Endpoint Server()
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                Endpoint pci = Endpoints.Lookup(Label);
                if (pci != Endpoint.None || Devices.Sleep(10) != Status.Ok)
                    return pci;
            }
            return Endpoint.None;
        }

        private static int Ask(Message* message)
        {
            Endpoint pci = Server();
            if (pci == Endpoint.None)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(pci, message);
            return status != Status.Ok ? status : message->Type;
        }

        // vendor:device 0:0 claims the first present device the policy
        // lists; `index` picks among several (0: the first in bus order).
        public static int Claim(ushort vendor, ushort device, int index, out PciDeviceReply found)
        {
            Message message = default;
            message.Type = PciRequest.Claim;
            PciClaimRequest.Of(&message)->Vendor = vendor;
            PciClaimRequest.Of(&message)->Device = device;
            PciClaimRequest.Of(&message)->Index = index;
            int status = Ask(&message);
            found = status == Status.Ok ? *PciDeviceReply.Of(&message) : default;
            return status;
        }

        public static int Bar(int address, int index, out PciBarReply bar)
        {
            Message message = default;
            message.Type = PciRequest.Bar;
            PciBarRequest.Of(&message)->Address = address;
            PciBarRequest.Of(&message)->Index = index;
            int status = Ask(&message);
            bar = status == Status.Ok ? *PciBarReply.Of(&message) : default;
            return status;
        }

        public static int ConfigRead(int address, int offset, int width, out uint value)
        {
            Message message = default;
            message.Type = PciRequest.ConfigRead;
            PciConfigRequest* request = PciConfigRequest.Of(&message);
            request->Address = address;
            request->Offset = offset;
            request->Width = width;
            int status = Ask(&message);
            value = status == Status.Ok ? PciConfigRequest.Of(&message)->Value : 0;
            return status;
        }

        public static int ConfigWrite(int address, int offset, int width, uint value)
        {
            Message message = default;
            message.Type = PciRequest.ConfigWrite;
            PciConfigRequest* request = PciConfigRequest.Of(&message);
            request->Address = address;
            request->Offset = offset;
            request->Width = width;
            request->Value = value;
            return Ask(&message);
        }
    }
}
