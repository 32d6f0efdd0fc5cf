module plinth.dev/pdk-plugins/go

go 1.24
