// Addresses and configuration words come from src/Lib/Net, which the user
// library's getaddrinfo shares.
global using Minix3.Cosmos.Lib.Net;
