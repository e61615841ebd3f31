using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Minix3.Cosmos.Launcher.Network;

// What QEMU runs for each guest connection to 10.0.2.100:80 (guestfwd's
// `cmd:` form): the launcher itself with `--guestfwd-relay PORT`, its
// stdin and stdout being the guest's connection, copying both ways to
// --serve's server on 127.0.0.1:PORT. guestfwd's other form, a chardev
// (`tcp:127.0.0.1:PORT`), is one connection opened when QEMU starts and
// shared by every guest connection, so a second wget would find its
// bytes mixed into the first's; `cmd:` spawns one relay per connection
// (like inetd), and the server sees each guest connection as its own.
//
// An end is passed on as a half-close: when the server has sent all, the
// relay shuts the guest socket's sending side (the guest reads its end of
// file even while the other direction is open), and the same the other way.
public static class GuestForwardRelay
{
    public const string Option = "--guestfwd-relay";

    // How long the guest may keep sending after the server has finished.
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    // The command line for QEMU (libslirp splits it as a shell would, with
    // g_shell_parse_argv, and runs it without a shell): the dotnet host,
    // this assembly, the option and the port.
    public static string Command(int port) =>
        $"{Quote(DotnetHost())} {Quote(typeof(GuestForwardRelay).Assembly.Location)} {Option} {port.ToString(CultureInfo.InvariantCulture)}";

    // Single quotes keep spaces; a quote inside is closed, escaped, reopened.
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    // The `dotnet` program running us, or the one the SDK names, or the
    // one beside the runtime we run on.
    private static string DotnetHost()
    {
        string? process = Environment.ProcessPath;
        if (process != null && Path.GetFileNameWithoutExtension(process) == "dotnet")
            return process;
        string? named = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (named != null && File.Exists(named))
            return named;
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        string beside = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }

    // `--guestfwd-relay PORT`: the exit code is 0 once both directions
    // ended, 1 when the server could not be reached. Nothing is written
    // to stderr: it is the guest's connection too.
    public static int Run(string portText)
    {
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            return 1;
        Socket? guestSocket = TryWrapSocket(0);
        try
        {
            using var server = new TcpClient();
            server.Connect(IPAddress.Loopback, port);
            server.NoDelay = true;
            if (guestSocket != null)
            {
                using var guest = new NetworkStream(guestSocket, ownsSocket: false);
                Pump(guest, guest, () => guestSocket.Shutdown(SocketShutdown.Send), server.Client);
            }
            else
            {
                using Stream input = Console.OpenStandardInput(), output = Console.OpenStandardOutput();
                Pump(input, output, output.Close, server.Client);
            }
            return 0;
        }
        catch (Exception)
        {
            return 1;
        }
    }

    // Copies guest -> server and server -> guest; `endGuestOutput` passes
    // the server's end on. Returns when the server has finished and the
    // guest has too (or lingered too long).
    public static void Pump(Stream guestIn, Stream guestOut, Action endGuestOutput, Socket server)
    {
        var upstream = new Thread(() =>
        {
            try
            {
                using var toServer = new NetworkStream(server, ownsSocket: false);
                guestIn.CopyTo(toServer);
                server.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
            {
            }
        }) { IsBackground = true, Name = "guest to server" };
        upstream.Start();
        try
        {
            using var fromServer = new NetworkStream(server, ownsSocket: false);
            fromServer.CopyTo(guestOut);
            guestOut.Flush();
        }
        catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
        {
        }
        try
        {
            endGuestOutput();
        }
        catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
        {
        }
        upstream.Join(Linger);
    }

    // fd as a Socket when it is a connected stream socket (QEMU hands the
    // command one), else null (a pipe wraps without complaint, but is not
    // connected).
    private static Socket? TryWrapSocket(int fd)
    {
        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle((IntPtr)fd, ownsHandle: false));
        }
        catch (Exception)
        {
            return null;
        }
        bool usable;
        try
        {
            usable = socket.Connected && socket.SocketType == SocketType.Stream;
        }
        catch (Exception)
        {
            usable = false;
        }
        if (usable)
            return socket;
        socket.Dispose();
        return null;
    }
}
