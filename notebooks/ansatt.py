import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Axos", css_file="axos.css")


@app.cell
def _():

    from axos_data.app import ui

    return (ui,)


@app.cell
def _(ui):
    ui.header("ansatt")
    return


if __name__ == "__main__":
    app.run()
