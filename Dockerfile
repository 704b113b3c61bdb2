# syntax=docker/dockerfile:1
# Build: the SDK image plus Node.js for the pinned chart libraries (copied into wwwroot/lib by the build).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props global.json .editorconfig ./
COPY src/ src/
# The simulator embeds the units files it answers with.
COPY units/ units/
RUN dotnet publish src/Ioc.Server -c Release -o /app --nologo
RUN dotnet publish src/Ioc.Simulator.Host -c Release -o /simulator --nologo

# The simulated provincial systems on their own (docker compose's demo profile): `--target simulator`.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS simulator
WORKDIR /app
COPY --from=build /simulator ./
ENV Urls=http://+:8080
USER app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s CMD ["dotnet", "Ioc.Simulator.Host.dll", "--health-probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "Ioc.Simulator.Host.dll"]

# Ioc itself, the default target (last stage).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Chromium prints the leaders' weekly brief to PDF; DejaVu has every Vietnamese letter.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY collectors/ /app/collectors/
COPY dashboards/ /app/dashboards/
COPY plans/ /app/plans/
COPY units/ /app/units/
COPY indices/ /app/indices/
ENV Urls=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Ioc__CollectorsPath=/app/collectors \
    Ioc__DashboardsPath=/app/dashboards \
    Ioc__PlansPath=/app/plans \
    Ioc__UnitsPath=/app/units \
    Ioc__IndicesPath=/app/indices \
    Ioc__Storage__Sqlite__Path=/var/lib/ioc/ioc.db \
    Ioc__Configuration__Sqlite__Path=/var/lib/ioc/ioc-config.db \
    Ioc__Storage__Spool__Path=/var/lib/ioc/spool
RUN mkdir -p /var/lib/ioc && chown app /var/lib/ioc
USER app
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD ["dotnet", "Ioc.Server.dll", "--health-probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "Ioc.Server.dll"]
