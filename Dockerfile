# Multi-stage build: a static mistral-server and mistral-db-manage on a
# small base image. With no configuration the server runs every service on
# an embedded SQLite file in /var/lib/tramontane.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# cgo for SQLite's C code (db/sqlitedriver), linked statically: the Go
# resolver and user lookup (netgo, osusergo) and no extension loading keep
# glibc's dynamic parts out.
RUN for cmd in mistral-server mistral-db-manage; do \
      CGO_ENABLED=1 go build -trimpath -tags netgo,osusergo,sqlite_omit_load_extension \
        -ldflags="-s -w -linkmode external -extldflags -static" -o /out/$cmd ./cmd/$cmd || exit 1; \
    done

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ /usr/local/bin/
WORKDIR /var/lib/tramontane
EXPOSE 8989
ENTRYPOINT ["/usr/local/bin/mistral-server"]
CMD ["--server", "all"]
